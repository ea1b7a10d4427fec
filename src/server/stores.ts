import { SessionError } from '../errors.js';
import { MemoryStore } from '../stores/memory/index.js';
import { RedisStore } from '../stores/redis/index.js';
import { SqliteStore } from '../stores/sqlite/index.js';
import type { SessionStore } from '../stores/types.js';

const hostPorts = (list: string): { host: string; port: number }[] =>
  list.split(',').map((hp) => {
    const [host, port] = hp.split(':');
    if (!host || !port || !/^\d+$/.test(port))
      throw new SessionError('ERR_CONFIG_INVALID', `Bad host:port "${hp}"`);
    return { host, port: Number(port) };
  });

/**
 * Opens a store from a URL: `sqlite:<path>`, `memory:`, `redis://host:port`,
 * `redis-sentinel://host:port,host:port/<primary name>`, `redis-cluster://host:port,host:port`.
 */
export async function openStore(
  spec: string,
  options: { commandTimeoutMs?: number | undefined } = {},
): Promise<SessionStore> {
  const bounded =
    options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs };
  if (spec === 'memory:') return new MemoryStore();
  if (spec.startsWith('sqlite:')) return new SqliteStore({ path: spec.slice('sqlite:'.length) });
  if (spec.startsWith('redis://') || spec.startsWith('rediss://'))
    return RedisStore.connect({ connection: { url: spec }, ...bounded });
  if (spec.startsWith('redis-sentinel://')) {
    const [nodes, name] = spec.slice('redis-sentinel://'.length).split('/');
    if (!nodes || !name)
      throw new SessionError('ERR_CONFIG_INVALID', 'Use redis-sentinel://host:port,host:port/<name>');
    return RedisStore.connect({ connection: { sentinel: { name, nodes: hostPorts(nodes) } }, ...bounded });
  }
  if (spec.startsWith('redis-cluster://')) {
    const nodes = hostPorts(spec.slice('redis-cluster://'.length)).map((n) => `redis://${n.host}:${n.port}`);
    return RedisStore.connect({ connection: { cluster: { nodes } }, ...bounded });
  }
  throw new SessionError(
    'ERR_CONFIG_INVALID',
    'Unknown store; use sqlite:<path>, memory:, redis://…, redis-sentinel://…, redis-cluster://…',
  );
}
