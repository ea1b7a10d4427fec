import { SessionError } from '../errors.js';
import { MemoryStore } from '../stores/memory/index.js';
import type { SessionStore } from '../stores/types.js';
import { importOptional } from './optional.js';
import { checkRedisSecurity, readRedisSecurity } from './redis-settings.js';

// node-redis is an optional peer: loaded only when a Redis URL is given.
const redisStore = (): Promise<typeof import('../stores/redis/index.js')> =>
  importOptional('A Redis store URL', () => import('../stores/redis/index.js'));

const hostPorts = (list: string): { host: string; port: number }[] =>
  list.split(',').map((hp) => {
    const [host, port] = hp.split(':');
    if (!host || !port || !/^\d+$/.test(port))
      // The bad part is not quoted: it may hold credentials (`:password@host:port`).
      throw new SessionError('ERR_CONFIG_INVALID', 'Sentinel and Cluster URLs list host:port,host:port');
    return { host, port: Number(port) };
  });

// `?prefix=app1:` on a Redis URL picks the key prefix (default `cc:`), for apps sharing a Redis.
function withPrefix(full: string): { spec: string; prefix?: string } {
  const q = full.indexOf('?');
  if (q < 0) return { spec: full };
  const prefix = new URLSearchParams(full.slice(q + 1)).get('prefix');
  if (!prefix || !/^[A-Za-z0-9:_.-]{1,64}$/.test(prefix))
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'A Redis store URL takes only ?prefix=<1-64 of A-Za-z0-9:_.->',
    );
  return { spec: full.slice(0, q), prefix };
}

/**
 * Opens a store from a URL: `sqlite:<path>`, `memory:`, `redis://host:port`,
 * `redis-sentinel://host:port,host:port/<primary name>`, `redis-cluster://host:port,host:port`;
 * Redis URLs may end in `?prefix=<key prefix>`. Redis credentials and TLS files come from `env`
 * (`COATCHECK_REDIS_*`, see redis-settings.ts; default `process.env`).
 */
export async function openStore(
  full: string,
  options: { commandTimeoutMs?: number | undefined; env?: Record<string, string | undefined> } = {},
): Promise<SessionStore> {
  if (full === 'memory:') return new MemoryStore();
  if (full.startsWith('sqlite:')) {
    const { SqliteStore } = await import('../stores/sqlite/index.js');
    return new SqliteStore({ path: full.slice('sqlite:'.length) });
  }
  const { spec, prefix } = withPrefix(full);
  if (!/^(rediss?|redis-sentinel|redis-cluster):\/\//.test(spec))
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'Unknown store; use sqlite:<path>, memory:, redis://…, redis-sentinel://…, redis-cluster://…',
    );
  const security = readRedisSecurity(options.env ?? process.env);
  const { RedisStore } = await redisStore();
  const named = {
    ...(prefix ? { prefix } : {}),
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
  };
  if (spec.startsWith('redis://') || spec.startsWith('rediss://')) {
    checkRedisSecurity(security, 'url');
    const tls = security.tls ? { tls: security.tls } : {};
    return RedisStore.connect({ connection: { url: spec, ...tls }, ...named });
  }
  if (spec.startsWith('redis-sentinel://')) {
    const [nodes, name] = spec.slice('redis-sentinel://'.length).split('/');
    if (!nodes || !name)
      throw new SessionError('ERR_CONFIG_INVALID', 'Use redis-sentinel://host:port,host:port/<name>');
    checkRedisSecurity(security, 'sentinel');
    const { auth, sentinelAuth } = security;
    const sentinel = {
      name,
      nodes: hostPorts(nodes),
      ...(auth ? { auth } : {}),
      ...(sentinelAuth ? { sentinelAuth } : {}),
    };
    return RedisStore.connect({ connection: { sentinel }, ...named });
  }
  if (spec.startsWith('redis-cluster://')) {
    checkRedisSecurity(security, 'cluster');
    const nodes = hostPorts(spec.slice('redis-cluster://'.length)).map((n) => `redis://${n.host}:${n.port}`);
    return RedisStore.connect({ connection: { cluster: { nodes } }, ...named });
  }
  throw new SessionError(
    'ERR_CONFIG_INVALID',
    'Unknown store; use sqlite:<path>, memory:, redis://…, redis-sentinel://…, redis-cluster://…',
  );
}
