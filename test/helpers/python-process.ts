import { type ChildProcess, spawn } from 'node:child_process';
import { type ListeningProcess, waitForListening } from './listening-process.js';

/** Debian's interpreter, which has the python3-* packages scripts/test.sh installs. */
export const PYTHON = '/usr/bin/python3';

export type RunningPython = ListeningProcess;

/**
 * Starts a Python example (`examples/fastapi/app.py`, `examples/django/serve.py`) on a free port
 * and resolves once it prints its `listening on` line; rejects with its output if it exits or
 * stays silent.
 */
export function startPython(script: string, env: Record<string, string>): Promise<RunningPython> {
  const child: ChildProcess = spawn(PYTHON, [script], {
    env: {
      PATH: process.env.PATH ?? '',
      PYTHONPATH: 'clients/python',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitForListening(child, script, 30_000);
}

/**
 * Runs pytest on `path`; the result has pytest's counts so a test can insist that some ran. It
 * never blocks the event loop (a blocked loop would leave pooled HTTP connections to go stale).
 */
export function runPytest(
  path: string,
  env: Record<string, string> = {},
): Promise<{ status: number | null; passed: number; output: string }> {
  const child = spawn(PYTHON, ['-m', 'pytest', path, '-q', '-p', 'no:cacheprovider'], {
    env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.once('close', (status) => {
      const passed = Number(/(\d+) passed/.exec(output)?.[1] ?? 0);
      resolve({ status, passed, output });
    });
  });
}

/** Runs a Python example that must refuse to start; resolves with its exit code and stderr. */
export function runPythonToExit(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(PYTHON, [script], {
    env: { PATH: process.env.PATH ?? '', PYTHONPATH: 'clients/python', PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 30_000,
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}
