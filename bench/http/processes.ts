// Starting and stopping the processes a benchmark needs, pinned to cores so the server under test
// has one core to itself and the load generator and Redis share the other.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SERVER_CPU = '0';
export const LOAD_CPU = '1';
const started: ChildProcess[] = [];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function pinned(cpu: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn('taskset', ['-c', cpu, command, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  return child;
}

/** Starts redis-server on a free port with persistence off; resolves once it answers PING. */
export async function startRedis(): Promise<{ port: number; url: string; pid: number }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-bench-redis-'));
  const child = pinned(LOAD_CPU, 'redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ]);
  for (let i = 0; i < 200; i++) {
    try {
      const reply = execFileSync('redis-cli', ['-p', String(port), 'PING'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      if (reply.trim() === 'PONG') {
        return { port, url: `redis://127.0.0.1:${port}`, pid: child.pid! };
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('redis-server did not start');
}

/**
 * Starts a benchmark server script (on the server core unless told), with `nodeArgs` before the
 * script for a Node server; resolves with its port once it says ready.
 */
export function startServer(
  script: string,
  env: NodeJS.ProcessEnv,
  cpu = SERVER_CPU,
  nodeArgs: readonly string[] = [],
): Promise<{ port: number; pid: number }> {
  // Python servers (the FastAPI and Django contenders) run on Debian's Python.
  const python = script.endsWith('.py');
  const command = python ? '/usr/bin/python3' : process.execPath;
  const args = python ? [script] : [...nodeArgs, script];
  const child = pinned(cpu, command, args, { PORT: '0', NODE_ENV: 'production', ...env });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c) => {
      err = (err + c).slice(-4000);
    });
    // Only the output before the ready line is kept: a server's request log must not pile up here.
    const onData = (chunk: Buffer): void => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (!line) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      out = '';
      resolve({ port: (JSON.parse(line) as { port: number }).port, pid: child.pid! });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${err.slice(0, 2000)}`)));
  });
}

/** CPU seconds (user + system) a process and its live children (gunicorn's workers) have used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    // the process is gone, or the kernel does not list children: its own time is what there is
  }
  const own = (Number(fields[11]) + Number(fields[12])) / 100;
  return children.reduce((sum, child) => sum + cpuSeconds(child), own);
}

export function stopAll(): void {
  for (const child of started) if (child.exitCode === null) child.kill('SIGTERM');
}
process.once('exit', stopAll);
