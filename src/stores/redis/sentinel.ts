import { createSentinel } from 'redis';
import type { BaseClientOptions } from './client-options.js';
import {
  type BinaryCommander,
  BYTES,
  type Connected,
  type RedisCommander,
  type ScanNode,
} from './commander.js';
import { credentials, type RedisAuth } from './secure-options.js';

/**
 * A Sentinel-managed primary: the sentinels to ask, the primary's name, and two sets of
 * credentials, because managed set-ups give them different passwords: `auth` is what the primary
 * and replicas want (an ACL user, or the default user's password), `sentinelAuth` what the
 * sentinels themselves want (`requirepass` or an ACL user in sentinel.conf).
 *
 * @example
 * ```ts
 * import { RedisStore, type RedisSentinelConnection } from 'coatcheck/stores/redis';
 * const sentinel: RedisSentinelConnection = {
 *   name: 'mymaster',
 *   nodes: [{ host: '10.0.0.5', port: 26379 }, { host: '10.0.0.6', port: 26379 }],
 *   auth: { username: 'coatcheck', password: process.env.REDIS_PASSWORD ?? '' },
 *   sentinelAuth: { password: process.env.REDIS_SENTINEL_PASSWORD ?? '' },
 * };
 * const store = await RedisStore.connect({ connection: { sentinel } });
 * ```
 */
export interface RedisSentinelConnection {
  name: string;
  nodes: { host: string; port: number }[];
  auth?: RedisAuth;
  sentinelAuth?: RedisAuth;
}

/** Builds the node-redis Sentinel client: its sentinel clients and its primary's and replicas'. */
export function connectSentinel(
  connection: RedisSentinelConnection,
  clientOptions: BaseClientOptions,
  connectTimeoutMs: number,
): Connected {
  const { commandOptions, ...nodeOptions } = clientOptions;
  const sentinel = createSentinel({
    name: connection.name,
    sentinelRootNodes: connection.nodes,
    // The per-command timer is a Sentinel-level option here (see client-options.ts for why it is off).
    commandOptions,
    // The primary's and replicas' errors (a refused password, NOPERM) reach the error listener,
    // so a failed start says which node refused and why instead of only timing out.
    passthroughClientErrorEvents: true,
    nodeClientOptions: { ...nodeOptions, ...credentials(connection.auth) },
    sentinelClientOptions: {
      socket: { connectTimeout: connectTimeoutMs },
      ...credentials(connection.sentinelAuth),
    },
  });
  return {
    commander: sentinel as unknown as RedisCommander,
    binary: sentinel.withTypeMapping(BYTES) as unknown as BinaryCommander,
    scanNodes: async () => [sentinel as unknown as ScanNode],
  };
}
