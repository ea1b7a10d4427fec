import { spawn } from 'node:child_process';

/**
 * Runs an ES module source in a separate Node process (a second writer, as another app instance
 * would be) and resolves with what it printed; rejects with its stderr if it exits non-zero.
 */
export function runWorker(source: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source, ...args], { stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(err))));
  });
}
