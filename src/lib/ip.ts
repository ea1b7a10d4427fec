// IP addresses as bytes, with no `node:*` import (Node's `net.BlockList` is not on every runtime the
// core and the web adapters run on): parse, print, prefix match and truncate. Small enough to read
// whole; test/unit/ip.test.ts checks it against Node's own parser.

/** An address: 4 bytes (IPv4, also for an IPv4-mapped IPv6 address) or 16 bytes (IPv6). */
export type IpBytes = Uint8Array;

// An IPv4 client on a dual-stack socket shows up as `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2).
const MAPPED_IPV4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;
const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const GROUP = /^[0-9a-f]{1,4}$/i;

/**
 * The address as people know it: an IPv4-mapped IPv6 address becomes its IPv4 form
 * (`::ffff:127.0.0.1` → `127.0.0.1`), so device lists show one form per client. Anything else is
 * returned unchanged.
 */
export function unmapIPv4(ip: string): string {
  return MAPPED_IPV4.exec(ip)?.[1] ?? ip;
}

function parseV4(text: string): IpBytes | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return null;
  return Uint8Array.from(parts, Number);
}

function parseV6(text: string): IpBytes | null {
  // A trailing dotted IPv4 (`::ffff:1.2.3.4`) is rewritten as its two hex groups first.
  const lastColon = text.lastIndexOf(':');
  let hexText = text;
  if (text.includes('.', lastColon)) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (!v4) return null;
    hexText = `${text.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = hexText.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...tail].every((g) => GROUP.test(g))) return null;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const zeros = Array.from({ length: halves.length === 2 ? fill : 0 }, () => '0');
  const bytes = new Uint8Array(16);
  [...head, ...zeros, ...tail].forEach((g, i) => {
    const word = Number.parseInt(g, 16);
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/**
 * Parses an IPv4 or IPv6 address (a zone such as `%eth0` is dropped); an IPv4-mapped IPv6
 * address gives its 4 IPv4 bytes. Null for anything else.
 */
export function parseIp(text: string): IpBytes | null {
  if (text.length > 64) return null;
  if (!text.includes(':')) return parseV4(text);
  const zone = text.indexOf('%');
  const bytes = parseV6(zone < 0 ? text : text.slice(0, zone));
  if (!bytes) return null;
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** The usual text form: dotted IPv4; IPv6 lower-case with the longest run of zeros as `::` (RFC 5952). */
export function formatIp(bytes: IpBytes): string {
  if (bytes.length === 4) return bytes.join('.');
  const words = Array.from({ length: 8 }, (_, i) => (bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const text = (from: number, to: number): string =>
    words
      .slice(from, to)
      .map((w) => w.toString(16))
      .join(':');
  return best < 0 ? text(0, 8) : `${text(0, best)}::${text(best + bestLength, 8)}`;
}

/** Whether `ip` lies in `network`/`bits` (both of one family). */
export function inPrefix(ip: IpBytes, network: IpBytes, bits: number): boolean {
  if (ip.length !== network.length) return false;
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (ip[i] !== network[i]) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip[whole]! & mask) === (network[whole]! & mask);
}

/** The address with every bit after the first `bits` set to zero. */
export function keepPrefix(ip: IpBytes, bits: number): IpBytes {
  const out = new Uint8Array(ip.length);
  for (let i = 0; i < ip.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out[i] = ip[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}
