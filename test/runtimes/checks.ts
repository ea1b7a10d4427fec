// The tiny harness the runtime conformance suite runs on: named checks run one after another, a
// line per check, and a failing assertion says what it expected. No test runner is assumed, so the
// same file runs on Node, Bun and Deno as a plain script.

export interface Check {
  name: string;
  run(): Promise<void>;
}

export function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`expected ${what}`);
}

export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Runs every check in order and returns how many failed; each prints `ok` or `not ok`. */
export async function runChecks(checks: Check[]): Promise<number> {
  let failed = 0;
  for (const check of checks) {
    const started = performance.now();
    try {
      await check.run();
      console.log(`ok ${check.name} (${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      failed++;
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      console.log(`not ok ${check.name}: ${detail}`);
    }
  }
  return failed;
}

/** Which runtime runs this file, with its version: `node 22.23.3`, `bun 1.4.5`, `deno 2.9.6`. */
export function runtimeName(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  return `node ${process.versions.node}`;
}
