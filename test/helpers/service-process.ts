import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './redis-servers.js';

export const SERVICE_KEY = `ck_${'test'.repeat(10)}`;
export const DEMO_PASSWORD = 'demo-password-for-tests';

/** Starts `coatcheck serve --demo` as the README's start command does, on a free port. */
export async function startServiceProcess(
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<{ url: string; stop(): Promise<void>; output: () => string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'coatcheck-service-'));
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['dist/cli/main.js', 'serve', '--demo', '--port', String(port), '--data-dir', dataDir, ...extraArgs],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        COATCHECK_SERVICE_KEYS: SERVICE_KEY,
        COATCHECK_DEMO_PASSWORD: DEMO_PASSWORD,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const url = `http://localhost:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok, `service on ${port}`, 20_000);
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
