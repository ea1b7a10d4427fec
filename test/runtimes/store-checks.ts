// The public store contract (coatcheck/testing) on this runtime: the memory store, the SQLite
// store (node:sqlite) and the Redis store (node-redis) on the test run's standalone server,
// Sentinel group and Cluster, whose addresses come from the environment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../dist/stores/memory/index.js';
import { RedisStore } from '../../dist/stores/redis/index.js';
import { SqliteStore } from '../../dist/stores/sqlite/index.js';
import type { SessionStore } from '../../dist/stores/types.js';
import { scanContractCases, storeContractCases } from '../../dist/testing/index.js';
import type { Check } from './checks.ts';

const CASES = [...storeContractCases, ...scanContractCases];
const prefix = () => `rt:${crypto.randomUUID().slice(0, 8)}:`;

/** One check per store: every contract case, on one store opened for them all. */
function contract(label: string, open: () => Promise<SessionStore>, cleanup = () => {}): Check {
  return {
    name: `store contract: ${label} (${CASES.length} cases)`,
    async run() {
      const store = await open();
      try {
        for (const c of CASES) {
          await c.run(store).catch((error: unknown) => {
            throw new Error(`${c.name}: ${error instanceof Error ? error.message : String(error)}`);
          });
        }
      } finally {
        await store.close();
        cleanup();
      }
    },
  };
}

export interface RedisServers {
  redisUrl: string;
  clusterUrls: string[];
  sentinel: { name: string; nodes: { host: string; port: number }[] };
}

export function storeChecks(env: RedisServers): Check[] {
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-runtime-'));
  return [
    contract('memory', async () => new MemoryStore()),
    contract(
      'sqlite (node:sqlite)',
      async () => new SqliteStore({ path: join(dir, 'sessions.db') }),
      () => rmSync(dir, { recursive: true, force: true }),
    ),
    contract('redis standalone', () =>
      RedisStore.connect({ connection: { url: env.redisUrl }, prefix: prefix() }),
    ),
    contract('redis sentinel', () =>
      RedisStore.connect({ connection: { sentinel: env.sentinel }, prefix: prefix() }),
    ),
    contract('redis cluster', () =>
      RedisStore.connect({ connection: { cluster: { nodes: env.clusterUrls } }, prefix: prefix() }),
    ),
  ];
}
