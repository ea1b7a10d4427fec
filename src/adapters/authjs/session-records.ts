import { buildRecord, isValidUserId, type ManagerContext } from '../../core/gateway.js';
import { SessionError } from '../../errors.js';
import { migratedToken } from '../../migrate/legacy/derive.js';
import type { SessionMeta, StoredSession } from '../../stores/types.js';
import {
  deriveNewest,
  type Located,
  locate,
  type PointerSpace,
  putPointer,
  recordAt,
} from '../express-session/pointer.js';
import { deleteRecord } from '../express-session/writes.js';

// Auth.js session tokens live in the pointer scheme of the express-session bridge, in a space of
// their own: the record id is derived from the token under the keyring and the token is never stored.
export const AUTHJS_SPACE: PointerSpace = { prefix: 'aj:', label: 'authjs' };

/** Auth.js makes its own tokens (UUIDs by default); anything else is refused before the store. */
export function isSessionToken(token: unknown): token is string {
  return typeof token === 'string' && token.length >= 16 && token.length <= 512;
}

/** The live record of an Auth.js session token, and where its pointer is; nulls when it ended. */
export async function findRecord(
  c: ManagerContext,
  sessionToken: string,
): Promise<{ at: Located | null; record: StoredSession | null }> {
  if (!isSessionToken(sessionToken)) return { at: null, record: null };
  const at = await locate(c, sessionToken, AUTHJS_SPACE);
  return { at, record: at && (await recordAt(c, at)) };
}

/** When the record ends: when Auth.js says, never past coatcheck's absolute lifetime (SM-5). */
export function clampExpiry(wanted: Date, absoluteExpiresAt: number): number {
  const at = wanted instanceof Date ? wanted.getTime() : Number.NaN;
  if (!Number.isFinite(at)) throw new SessionError('ERR_INPUT_INVALID', 'expires must be a Date');
  return Math.min(at, absoluteExpiresAt);
}

/**
 * Creates the record of a new Auth.js session. The pointer is written first (or moved when an
 * ended session of another user had the same token), so a record is never orphaned.
 */
export async function insertSession(
  c: ManagerContext,
  input: { sessionToken: string; userId: string; expires: Date },
  meta: SessionMeta,
): Promise<StoredSession> {
  if (!isSessionToken(input.sessionToken)) {
    throw new SessionError('ERR_INPUT_INVALID', 'sessionToken must be 16-512 characters');
  }
  if (!isValidUserId(input.userId)) {
    throw new SessionError('ERR_INPUT_INVALID', 'userId must be 1-256 characters with no control characters');
  }
  const now = c.now();
  const absoluteExpiresAt = now + c.options.absoluteMs;
  const expiresAt = clampExpiry(input.expires, absoluteExpiresAt);
  const at = await locate(c, input.sessionToken, AUTHJS_SPACE);
  const derived = at ?? (await deriveNewest(c, input.sessionToken, AUTHJS_SPACE));
  if (at?.userId !== input.userId) {
    const moved = await putPointer(c, derived.core, input.userId, at?.pointerVersion ?? null, AUTHJS_SPACE);
    if (!moved) throw new SessionError('ERR_SESSION_EXISTS', 'The session could not be stored');
  }
  const minted = await migratedToken(derived, input.userId);
  const recordInput = { userId: input.userId, data: {}, meta, now, authTime: now, absoluteExpiresAt };
  const { record } = await buildRecord(c.options, recordInput, minted);
  record.expiresAt = expiresAt;
  const result = await c.store('create', (s) => s.create(record, c.options.limit));
  if (!result.created) {
    const code = result.reason === 'limit' ? 'ERR_SESSION_LIMIT' : 'ERR_SESSION_EXISTS';
    throw new SessionError(code, 'The session could not be stored');
  }
  for (const id of result.evicted) c.revoked(id, input.userId, 'limit-evicted', {});
  c.emit({ type: 'session.created', sessionId: record.id, userId: input.userId }, {});
  return record;
}

/** Moves a record's expiry (update-only: an ended session stays ended); the new expiry, or null. */
export async function moveExpiry(
  c: ManagerContext,
  record: StoredSession,
  expires: Date,
): Promise<number | null> {
  const expiresAt = clampExpiry(expires, record.absoluteExpiresAt);
  if (expiresAt === record.expiresAt) return expiresAt;
  const touched = await c.store('touch', (s) => s.touch(record.id, c.now(), expiresAt));
  return touched ? expiresAt : null;
}

export { deleteRecord };
