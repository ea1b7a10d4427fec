// Tiny assertions so the contract suite runs under any test runner (Vitest, node:test, Jest).
export class ContractFailure extends Error {
  override readonly name = 'ContractFailure';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractFailure(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new ContractFailure(`${message}: expected ${e}, got ${a}`);
}
