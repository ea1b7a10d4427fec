import { type ChildProcess, spawn } from 'node:child_process';
import { Keyring } from '../../src/keys/keyring.js';

export type ExampleName = 'express' | 'fastify' | 'hono';

export interface RunningExample {
  url: string;
  port: number;
  output: () => string;
  stop(): Promise<void>;
}

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
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() => reject(new Error(`${name} example did not start:\n${output}`)));
    }, 20_000);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /^listening on (http:\/\/[^\s]+):(\d+)$/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: `${match[1]}:${match[2]}`, port: Number(match[2]), output: () => output, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} example exited (${code}) before listening:\n${output}`));
    });
  });
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
