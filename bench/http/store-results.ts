// The Redis store benchmark's figures, kept as JSON so the HTML report of the same run shows them.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoreResults {
  total: number;
  /** used_memory delta per session at `total` sessions, the per-user index included. */
  bytesPerSession: { coatcheck: number; connectRedis: number };
  /** MEMORY USAGE of one session's keys. */
  memoryUsage: { record: number; index: number; connectRedis: number };
  commandsPerRead: string;
  listMs: { coatcheck: number; scan: number };
  validatePerSecond: { coatcheck: number; connectRedis: number };
}

const file = join(import.meta.dirname, '..', 'results', 'redis-store.json');

export function writeStoreResults(results: StoreResults): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

/** The store figures if they were written by this run of `npm run bench` (BENCH_STARTED, seconds). */
export function readStoreResults(): StoreResults | null {
  const started = Number(process.env.BENCH_STARTED ?? Number.POSITIVE_INFINITY);
  try {
    if (statSync(file).mtimeMs / 1000 < started) return null;
    return JSON.parse(readFileSync(file, 'utf8')) as StoreResults;
  } catch {
    return null;
  }
}
