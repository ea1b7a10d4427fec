// Tiny assertions so the contract suite runs under any test runner (Vitest, node:test, Jest).
export class ContractFailure extends Error {
  override readonly name = 'ContractFailure';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractFailure(message);
}

// Key order is not part of a record's meaning: compare with keys sorted at every level.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export function equal<T>(actual: T, expected: T, message: string): void {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new ContractFailure(`${message}: expected ${e}, got ${a}`);
}
