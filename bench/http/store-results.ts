// The Redis store benchmark's figures, kept as JSON so the HTML report of the same run shows them.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes per session for one user-id length and data size, each store alone in a fresh Redis. */
export interface MemoryRow {
  userIds: string;
  data: string;
  coatcheck: number;
  connectRedis: number;
  /** OBJECT ENCODING of coatcheck's per-user index keys, counted. */
  indexEncodings: Record<string, number>;
}

export interface StoreResults {
  total: number;
  /** The settings of the headline figure. */
  settings: string;
  /** used_memory delta per session at `total` sessions, the per-user index included (headline settings). */
  bytesPerSession: { coatcheck: number; connectRedis: number };
  table: MemoryRow[];
  /** The headline row with `encryptData: false`. */
  plainBytesPerSession: number;
  /** MEMORY USAGE of one session's keys. */
  memoryUsage: { record: number; index: number; connectRedis: number };
  commandsPerRead: string;
  /** Listing one user's sessions: median wall time, a PING in the same loop, the script's time inside Redis; SCAN + MGET. */
  listMs: { coatcheck: number; ping: number; inRedis: number; scan: number };
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
