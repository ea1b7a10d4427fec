import { type ChildProcess, spawn } from 'node:child_process';
import { Keyring } from '../../src/keys/keyring.js';
import { type ListeningProcess, waitForListening } from './listening-process.js';

export type ExampleName = 'express' | 'fastify' | 'hono';

export type RunningExample = ListeningProcess;

/** A keyring secret made for one test run (never a hard-coded one). */
export const testSecrets = (): string => Keyring.generateSecret('k1');

/**
 * Starts `node examples/<name>/server.ts` as a user would (after `npm run build`) and resolves once
 * it prints its `listening on` line; rejects with its output if it exits or stays silent.
 */
export function startExample(name: ExampleName, env: Record<string, string>): Promise<RunningExample> {
  const child: ChildProcess = spawn(process.execPath, [`examples/${name}/server.ts`], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitForListening(child, `${name} example`, 20_000);
}

/** Runs an example that must refuse to start; resolves with its exit code and output. */
export function runToExit(
  name: ExampleName,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [`examples/${name}/server.ts`], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
