import type { ChildProcess } from 'node:child_process';

/** A spawned server that announced its address. */
export interface ListeningProcess {
  url: string;
  port: number;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Resolves once `child` prints a `listening on http://host:port` line on stdout; rejects with
 * its output if it exits first or stays silent for `timeoutMs` (then it is stopped). `label`
 * names the process in those errors.
 */
export function waitForListening(
  child: ChildProcess,
  label: string,
  timeoutMs: number,
): Promise<ListeningProcess> {
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop().then(() => reject(new Error(`${label} did not start:\n${output}`)));
    }, timeoutMs);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /^listening on (http:\/\/\S+)$/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const url = match[1]!;
      resolve({ url, port: Number(new URL(url).port), output: () => output, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}) before listening:\n${output}`));
    });
  });
}
