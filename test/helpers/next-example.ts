// Builds examples/next with `next build` and runs it with `next start` as real processes, on
// Node 24 (process.execPath) and free loopback ports; readiness is polled, never slept on.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, waitFor } from './redis-servers.js';

const NEXT_BIN = 'node_modules/next/dist/bin/next';
export const EXAMPLE_DIR = 'examples/next';
const ENV = { NEXT_TELEMETRY_DISABLED: '1' };

function run(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [NEXT_BIN, ...args], {
    env: { ...process.env, ...ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return { child, output: () => output };
}

/** `next build examples/next` (or another Next.js example); the package must be built first (`npm run build`). */
export async function buildExample(dir = EXAMPLE_DIR): Promise<void> {
  if (!existsSync('dist/adapters/next/index.js')) {
    throw new Error('dist/ is missing: run `npm run build` before the Next.js example test');
  }
  const { child, output } = run(['build', dir], { NODE_ENV: 'production' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`next build failed (${code}):\n${output()}`);
}

export interface RunningExample {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `next start` on a free port with the example's environment; resolves once it answers. */
export async function startExample(env: Record<string, string>, dir = EXAMPLE_DIR): Promise<RunningExample> {
  const port = await freePort();
  const { child, output } = run(['start', dir, '-H', '127.0.0.1', '-p', String(port)], {
    NODE_ENV: 'production',
    ...env,
    PORT: String(port),
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`next start exited (${code})`))),
  );
  exited.catch(() => {});
  try {
    const ready = waitFor(async () => (await fetch(`${url}/sign-in`)).ok, `next start on ${port}`, 60_000);
    await Promise.race([ready, exited]);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  return { url, output, stop };
}

/** The hidden fields of every `<form>` in a page (Next's `$ACTION_ID_…` among them). */
export function formsOf(html: string): Record<string, string>[] {
  return [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map(([, inner]) => {
    const fields: Record<string, string> = {};
    for (const input of inner!.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
      fields[input[1]!] = (input[2] ?? '').replaceAll('&amp;', '&');
    }
    return fields;
  });
}

/** `next start` with an environment it must refuse: resolves with its exit code and output. */
export async function startRefused(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const { child, output } = run(['start', EXAMPLE_DIR, '-H', '127.0.0.1', '-p', String(port)], {
    NODE_ENV: 'production',
    ...env,
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output: output() };
}
