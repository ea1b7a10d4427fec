import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { RedisStore } from '../../src/stores/redis/index.js';

export type Topology = 'standalone' | 'sentinel' | 'cluster';
export const TOPOLOGIES: Topology[] = ['standalone', 'sentinel', 'cluster'];

/** A store on one of the shared topologies, under a key prefix of its own (no FLUSHALL ever). */
export function redisStore(
  topology: Topology,
  options: { commandTimeoutMs?: number } = {},
): Promise<RedisStore> {
  const redis = inject('redis');
  const connection =
    topology === 'standalone'
      ? { url: redis.standalone }
      : topology === 'sentinel'
        ? { sentinel: redis.sentinel }
        : { cluster: redis.cluster };
  return RedisStore.connect({ connection, prefix: `t:${randomUUID().slice(0, 8)}:`, ...options });
}
