import { buildRecord, type ManagerContext, queueDataUpdate } from '../../core/gateway.js';
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
  // A cookie that has already expired (an app may set `expires` in the past) ends the session:
  // express-session's own store would never return it either. The pointer alone keeps the sid dead.
  if (expiresAt <= now) return;
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

/**
 * A whole-session write, as express-session makes them: the last writer wins. It goes through the
 * session's write queue, so parallel saves of one session in this process are written one after
 * another (and share a store write) instead of racing; only another process's save can make the
 * compare-and-set retry. The record's expiry follows the express-session cookie.
 */
export async function updateRecord(c: ManagerContext, record: StoredSession, sess: object): Promise<void> {
  const { expiresAt } = expiryOf(c, sess, record.createdAt);
  if (expiresAt <= c.now()) return expireRecord(c, record.id);
  try {
    // The save replaces the data, so the data it starts from is never looked at.
    await queueDataUpdate(c, record.id, () => sess as SessionData, {
      start: { version: record.version, data: {} },
    });
  } catch (error) {
    // Revoked, destroyed or expired meanwhile: an in-flight request never brings it back (SM-7).
    if (error instanceof SessionError && error.code === 'ERR_SESSION_REVOKED') return;
    throw error;
  }
  if (Math.abs(expiresAt - record.expiresAt) >= 1000) {
    await c.store('touch', (s) => s.touch(record.id, c.now(), expiresAt));
  }
}

export async function deleteRecord(c: ManagerContext, record: StoredSession): Promise<void> {
  const deleted = await c.store('delete', (s) => s.delete(record.id));
  if (deleted && !record.userId.startsWith(ANONYMOUS_PREFIX)) {
    c.revoked(record.id, record.userId, 'logout', {});
  }
}

/** A session whose cookie was set to a time already past: deleted, as its expiry would have. */
export async function expireRecord(c: ManagerContext, id: string): Promise<void> {
  await c.store('delete', (s) => s.delete(id));
}
