import { createClient, createCluster } from 'redis';
import { baseClientOptions } from './client-options.js';
import {
  type BinaryCommander,
  BYTES,
  type Connected,
  type RedisCommander,
  type ScanNode,
} from './commander.js';
import { type RedisTls, tlsSocket } from './secure-options.js';
import { connectSentinel, type RedisSentinelConnection } from './sentinel.js';

export type {
  BinaryCommander,
  Connected,
  RedisCommander,
  ScanNode,
  ScriptCall,
} from './commander.js';
export type { RedisAuth, RedisTls } from './secure-options.js';
export type { RedisSentinelConnection } from './sentinel.js';

/**
 * How to reach Redis: one server, a Sentinel-managed primary, or a Cluster.
 * - `url`: `redis://[user:password@]host:port` or `rediss://…` (TLS); `tls` adds a private CA or a
 *   client certificate to a `rediss://` URL.
 * - `sentinel`: the sentinels, the primary's name, and the credentials of each
 *   ({@link RedisSentinelConnection}).
 * - `cluster`: node URLs, credentials in each URL.
 *
 * @example
 * ```ts
 * import { RedisStore, type RedisConnection } from 'coatcheck/stores/redis';
 * const connection: RedisConnection = { cluster: { nodes: ['redis://10.0.0.7:6379', 'redis://10.0.0.8:6379'] } };
 * const store = await RedisStore.connect({ connection });
 * ```
 */
export type RedisConnection =
  | { url: string; tls?: RedisTls }
  | { sentinel: RedisSentinelConnection }
  | { cluster: { nodes: string[] } };

/** Builds the node-redis client for `connection`; nothing is connected yet (see open.ts). */
export function connect(connection: RedisConnection, connectTimeoutMs: number): Connected {
  const clientOptions = baseClientOptions(connectTimeoutMs);
  if ('url' in connection) {
    const socket = {
      ...clientOptions.socket,
      ...(connection.tls ? tlsSocket(connection.url, connection.tls) : {}),
    };
    const client = createClient({ url: connection.url, ...clientOptions, socket });
    return {
      commander: client as unknown as RedisCommander,
      binary: client.withTypeMapping(BYTES) as unknown as BinaryCommander,
      scanNodes: async () => [client as unknown as ScanNode],
    };
  }
  if ('sentinel' in connection) return connectSentinel(connection.sentinel, clientOptions, connectTimeoutMs);
  const cluster = createCluster({
    rootNodes: connection.cluster.nodes.map((url) => ({ url })),
    defaults: clientOptions,
  });
  return {
    commander: cluster as unknown as RedisCommander,
    binary: cluster.withTypeMapping(BYTES) as unknown as BinaryCommander,
    scanNodes: async () =>
      (await Promise.all(cluster.masters.map((m) => cluster.nodeClient(m)))) as unknown as ScanNode[],
  };
}
