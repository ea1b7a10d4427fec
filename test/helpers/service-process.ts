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
  port ??= await freePort();
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
      async () => {
        if (child.exitCode !== null) throw new Error('exited');
        return (await fetch(`${url}/healthz`)).ok;
      },
      `service on ${port}`,
      20_000,
    );
  } catch (error) {
    child.kill('SIGKILL');
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
