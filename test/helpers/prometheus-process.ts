// A real Prometheus (Debian's binary) for tests: its own config, data directory and free loopback
// port, a 1 s scrape and evaluation interval, targets from a file written once they are known
// (so it starts in parallel with them), stopped by PID.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './redis-servers.js';

export interface PrometheusProcess {
  url: string;
  /** Points the `coatcheck` scrape job at these `host:port` targets. */
  setTargets(targets: string[]): void;
  /** One instant query through the HTTP API; the result vector. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(ruleFiles: string[]): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-prometheus-'));
  const port = await freePort();
  const targetsFile = join(dir, 'targets.json');
  const setTargets = (targets: string[]): void => {
    // Written whole then renamed, so Prometheus never reads half a file.
    writeFileSync(`${targetsFile}.tmp`, JSON.stringify([{ targets }]));
    renameSync(`${targetsFile}.tmp`, targetsFile);
  };
  setTargets([]);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    JSON.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles,
      scrape_configs: [
        { job_name: 'coatcheck', file_sd_configs: [{ files: [targetsFile], refresh_interval: '1s' }] },
      ],
    }),
  );
  let output = '';
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (c: Buffer) => (output += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error('exited');
      return (await fetch(`${url}/-/ready`)).ok;
    }, `prometheus on ${port}`);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; it wrote:\n${output.slice(-2000)}`);
  }
  return {
    url,
    setTargets,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data: { result: [] } };
      if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error}`);
      return body.data.result;
    },
    stop,
  };
}
