import { SessionError } from '../../errors.js';
import type { Connected, RedisConnection } from './connection.js';

/**
 * Connects within `timeoutMs` in all (node-redis retries refused connections on its own, so its
 * `connect()` may never settle). On failure the client is stopped and the error says where it
 * tried (host and port, never a password), why (ECONNREFUSED, ENOTFOUND, …) and the timeout that
 * applied: the person reading it can fix the URL or start Redis without a debugger.
 */
export async function openConnection(
  connected: Connected,
  connection: RedisConnection,
  timeoutMs: number,
): Promise<void> {
  let lastError: unknown;
  // node-redis reports connection trouble as events; commands fail (closed) meanwhile, and it reconnects.
  connected.commander.on('error', (error) => {
    lastError = error;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const connecting = Promise.resolve(connected.commander.connect());
  connecting.catch(() => {}); // it may reject after the timeout below already answered
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  try {
    await Promise.race([connecting, timeout]);
  } catch (error) {
    // Stop the client's reconnect loop: nobody will use a store that failed to open.
    connected.commander.destroy?.();
    const cause = lastError ?? error;
    throw new SessionError(
      'ERR_STORE_UNAVAILABLE',
      `Could not connect to Redis at ${endpoints(connection)} within ${timeoutMs} ms (connectTimeoutMs): ${reason(cause)}${sentinelHint(connection, cause)}`,
      { cause },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** `host:port` of each address tried; credentials in a URL are left out. */
export function endpoints(connection: RedisConnection): string {
  if ('url' in connection) return hostPort(connection.url);
  if ('sentinel' in connection)
    return `${connection.sentinel.nodes.map((n) => `${n.host}:${n.port}`).join(', ')} (Sentinel, primary "${connection.sentinel.name}")`;
  return `${connection.cluster.nodes.map(hostPort).join(', ')} (Cluster)`;
}

function hostPort(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'an unparsable URL';
  }
}

// The system error code says most (ECONNREFUSED: nothing listens; ENOTFOUND: no such host).
function reason(cause: unknown): string {
  const code = (cause as { code?: unknown }).code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (typeof code === 'string' && !message.includes(code)) return `${code} ${message}`.trim();
  return message || 'no answer';
}

// Sentinel set-ups have two sets of credentials: point at the one a refusal concerns. A Redis
// error reply starts with its code. Errors of the sentinels' discovery arrive as they are; node-redis
// wraps its node clients' errors (passthroughClientErrorEvents) and names the role in the wrapper,
// which only picks the hint: were its wording to change, the hint names both.
function sentinelHint(connection: RedisConnection, cause: unknown): string {
  if (!('sentinel' in connection) || !(cause instanceof Error)) return '';
  const reply = cause.cause instanceof Error ? cause.cause : cause;
  if (!/^(WRONGPASS|NOAUTH|NOPERM)\b/.test(reply.message)) return '';
  if (reply === cause) return " (check the sentinels' own password: sentinelAuth)";
  if (/^(Master|Replica) Client\b/.test(cause.message))
    return " (check the data nodes' user and password: auth)";
  return ' (check sentinelAuth for the sentinels, auth for the primary and replicas)';
}
