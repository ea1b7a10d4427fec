import { createClient, createCluster, createSentinel, RESP_TYPES } from 'redis';
import { credentials, type RedisAuth, type RedisTls, tlsSocket } from './secure-options.js';

export type { RedisAuth, RedisTls } from './secure-options.js';

/**
 * How to reach Redis: one server, a Sentinel-managed primary, or a Cluster.
 * - `url`: `redis://[user:password@]host:port` or `rediss://…` (TLS); `tls` adds a private CA or a
 *   client certificate to a `rediss://` URL.
 * - `sentinel`: `auth` is what the primary and replicas want (an ACL user or the default user's
 *   password), `sentinelAuth` what the sentinels themselves want (`requirepass` in sentinel.conf);
 *   they are separate because managed set-ups give them different passwords.
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
  | {
      sentinel: {
        name: string;
        nodes: { host: string; port: number }[];
        auth?: RedisAuth;
        sentinelAuth?: RedisAuth;
      };
    }
  | { cluster: { nodes: string[] } };

export interface ScriptCall {
  keys: string[];
  arguments: (string | Buffer)[];
}

/** The same connection answering bulk strings as bytes: session records are binary. */
export interface BinaryCommander {
  evalSha(sha: string, options: ScriptCall): Promise<unknown>;
  eval(script: string, options: ScriptCall): Promise<unknown>;
  get(key: string): Promise<Buffer | null>;
}

/** The commands the store uses; node-redis clients, sentinels and clusters all provide them. */
export interface RedisCommander {
  evalSha(sha: string, options: ScriptCall): Promise<unknown>;
  eval(script: string, options: ScriptCall): Promise<unknown>;
  hmGet(key: string, fields: string[]): Promise<(string | null)[]>;
  get(key: string): Promise<string | null>;
  set(
    key: string,
    value: string,
    options: { condition?: 'NX'; expiration?: { type: 'PXAT'; value: number } },
  ): Promise<unknown>;
  del(key: string): Promise<number>;
  pTTL(key: string): Promise<number>;
  connect(): Promise<unknown>;
  close?(): Promise<unknown>;
  destroy?(): void;
  quit?(): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** One page of SCAN on one node. */
export interface ScanNode {
  scan(
    cursor: string,
    options: { MATCH: string; COUNT: number },
  ): Promise<{ cursor: string; keys: string[] }>;
}

export interface Connected {
  commander: RedisCommander;
  binary: BinaryCommander;
  /** The nodes to scan (every primary on a Cluster). Off the request path only. */
  scanNodes(): Promise<ScanNode[]>;
}

const BYTES = { [RESP_TYPES.BLOB_STRING]: Buffer };

export function connect(connection: RedisConnection, connectTimeoutMs: number): Connected {
  // Commands fail at once while disconnected instead of queueing without bound: fail closed.
  // node-redis 5+ bounds each command with its own AbortSignal.timeout (5 s by default): a timer
  // and a listener per command, ~1–10 µs of CPU each. Deadlines bound every store call already,
  // with one shared timer, so the per-command one is switched off (0 = none).
  const clientOptions = {
    disableOfflineQueue: true,
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
    },
  };
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
  if ('sentinel' in connection) {
    const sentinel = createSentinel({
      name: connection.sentinel.name,
      sentinelRootNodes: connection.sentinel.nodes,
      // A primary's refusal (WRONGPASS, NOPERM) reaches the error listener, so a failed start
      // says why instead of only timing out.
      passthroughClientErrorEvents: true,
      nodeClientOptions: { ...clientOptions, ...credentials(connection.sentinel.auth) },
      sentinelClientOptions: {
        socket: { connectTimeout: connectTimeoutMs },
        ...credentials(connection.sentinel.sentinelAuth),
      },
    });
    return {
      commander: sentinel as unknown as RedisCommander,
      binary: sentinel.withTypeMapping(BYTES) as unknown as BinaryCommander,
      scanNodes: async () => [sentinel as unknown as ScanNode],
    };
  }
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
