// Numbers in a session record: base 62, `-` for negatives, and zero as the empty string (a fresh
// session's lastSeenAt and authTime offsets are zero). A creation time in ms is 7 characters.
// scripts/lua-helpers.ts carries the same alphabet for the scripts that rewrite numbers.
export const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const VALUE = new Map([...DIGITS].map((c, i) => [c, i]));

export function numberText(n: number): string {
  if (n === 0) return '';
  let rest = Math.abs(n);
  let out = '';
  while (rest > 0) {
    out = DIGITS[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  }
  return n < 0 ? `-${out}` : out;
}

/** The number a text holds, or NaN for a character outside the alphabet. */
export function textNumber(text: string): number {
  const negative = text.startsWith('-');
  let n = 0;
  for (let i = negative ? 1 : 0; i < text.length; i++) n = n * 62 + (VALUE.get(text[i]!) ?? Number.NaN);
  return negative ? -n : n;
}
