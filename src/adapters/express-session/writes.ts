import type { ManagerContext } from '../../core/context.js';
import { setSessionData } from '../../core/data.js';
import { buildRecord } from '../../core/records.js';
import type { SessionData } from '../../core/session.js';
import { SessionError } from '../../errors.js';
import { migratedToken } from '../../migrate/legacy/derive.js';
import type { StoredSession } from '../../stores/types.js';
import { expiryOf } from './expiry.js';
import { ANONYMOUS_PREFIX, type BridgeMapping } from './mapping.js';
import type { Derived } from './pointer.js';

// The writes of the bridge: a new record, a whole-session data write, a deletion.

export async function insertRecord<Sess extends object>(
  c: ManagerContext,
  mapping: BridgeMapping<Sess>,
  derived: Derived,
  userId: string,
  sess: Sess,
): Promise<void> {
  const now = c.now();
  const minted = await migratedToken(derived, userId);
  const { expiresAt, absoluteExpiresAt } = expiryOf(c, sess, now);
  const meta = mapping.meta?.(sess) ?? {};
  const input = { userId, data: sess as SessionData, meta, now, authTime: now, absoluteExpiresAt };
  const { record } = await buildRecord(c.options, input, minted);
  record.expiresAt = expiresAt;
  const anonymous = userId.startsWith(ANONYMOUS_PREFIX);
  const result = await c.store('create', (s) => s.create(record, anonymous ? undefined : c.options.limit));
  if (!result.created) {
    throw new SessionError(
      result.reason === 'limit' ? 'ERR_SESSION_LIMIT' : 'ERR_SESSION_EXISTS',
      'The session could not be stored',
    );
  }
  for (const id of result.evicted) c.revoked(id, userId, 'limit-evicted', {});
  if (!anonymous) c.emit({ type: 'session.created', sessionId: record.id, userId }, {});
}

const MAX_ATTEMPTS = 8;

// Whole-session writes, as express-session makes them: the last writer wins, retried on a
// version conflict (bounded, with jittered backoff); the expiry follows the express-session cookie.
export async function updateRecord(c: ManagerContext, record: StoredSession, sess: object): Promise<void> {
  let current: StoredSession | null = record;
  for (let attempt = 1; current && attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      await setSessionData(c, current, sess as SessionData);
      const { expiresAt } = expiryOf(c, sess, current.createdAt);
      if (Math.abs(expiresAt - current.expiresAt) >= 1000) {
        await c.store('touch', (s) => s.touch(current!.id, c.now(), expiresAt));
      }
      return;
    } catch (error) {
      if (!(error instanceof SessionError)) throw error;
      if (error.code === 'ERR_SESSION_REVOKED') return;
      if (error.code !== 'ERR_VERSION_CONFLICT') throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
    current = await c.store('get', (s) => s.get(record.id));
  }
  if (current) throw new SessionError('ERR_VERSION_CONFLICT', 'Session data changed concurrently');
}

export async function deleteRecord(c: ManagerContext, record: StoredSession): Promise<void> {
  const deleted = await c.store('delete', (s) => s.delete(record.id));
  if (deleted && !record.userId.startsWith(ANONYMOUS_PREFIX)) {
    c.revoked(record.id, record.userId, 'logout', {});
  }
}
