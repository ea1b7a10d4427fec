import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '../../src/keys/keyring.js';
import { captureStream, recordSecret } from './log-capture.js';
import { freePort, waitFor } from './redis-servers.js';

export const SERVICE_KEY = `ck_${'test'.repeat(10)}`;
export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface ServiceProcess {
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Its exit code once it has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts `coatcheck serve --demo` as the README's start command does, on a free port. Its stdout
 * and stderr are also written to the run's log capture, and its secrets recorded, for the
 * end-of-run log hygiene check.
 */
export async function startServiceProcess(
  extraArgs: string[] = [],
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
  /** A port of the caller's choosing (a restart on the same address); default a free one. */
  port?: number,
): Promise<ServiceProcess> {
  // A probed port can be taken by another test's process before the service binds it: then
  // another free port, a few times. A port the caller chose is tried once.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchService(extraArgs, extraEnv, nodeArgs, port ?? (await freePort()));
    } catch (error) {
      if (port !== undefined || attempt === 3 || !/EADDRINUSE/.test(String(error))) throw error;
    }
  }
}

async function launchService(
  extraArgs: string[],
  extraEnv: Record<string, string>,
  nodeArgs: string[],
  port: number,
): Promise<ServiceProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coatcheck-service-'));
  const secrets = Keyring.generateSecret('k1');
  recordSecret(secrets, SERVICE_KEY, DEMO_PASSWORD);
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...nodeArgs,
      'dist/cli/main.js',
      'serve',
      '--demo',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
      ...extraArgs,
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        COATCHECK_SECRETS: secrets,
        COATCHECK_SERVICE_KEYS: SERVICE_KEY,
        COATCHECK_DEMO_PASSWORD: DEMO_PASSWORD,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const capture = captureStream(`service-${port}`);
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (c: Buffer) => {
      output += c;
      capture?.write(c);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://localhost:${port}`;
  try {
    await waitFor(
      // Bounded: whatever else holds the port may accept and never answer.
      async () =>
        child.exitCode !== null || (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok,
      `service on ${port}`,
      20_000,
    );
    if (child.exitCode !== null) throw new Error(`the service on ${port} exited with ${child.exitCode}`);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}; it wrote:\n${output.slice(-2000)}`);
  }
  return {
    url,
    pid: child.pid!,
    output: () => output,
    exited,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await new Promise<void>((resolve) => (capture ? capture.end(resolve) : resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
