import type { EventContext, RevokeReason } from '../events/types.js';
import { isSessionId, parseSessionToken, secretMatches } from '../session-id/session-token.js';
import type { ManagerContext } from './context.js';
import { expiryVerdict } from './expiry.js';
import { requireValidUserId } from './issue.js';
import { toInfo } from './records.js';
import type { SessionInfo } from './session.js';

/** Deletes the session a token proves; false when the token proves nothing. */
export async function logoutToken(
  c: ManagerContext,
  token: string | null | undefined,
  ctx: EventContext,
): Promise<boolean> {
  const parsed = parseSessionToken(token);
  if (!parsed) return false;
  const record = await c.store('get', (s) => s.get(parsed.id));
  if (!record || !(await secretMatches(parsed.secret, record.secretHash))) return false;
  const deleted = await c.store('delete', (s) => s.delete(record.id));
  if (deleted) c.revoked(record.id, record.userId, 'logout', ctx);
  return deleted !== null;
}

/**
 * Deletes the session a token proves (used on login to replace what the browser carried). The
 * secret must match: an id is a public handle, so a cookie naming someone else's id with a made-up
 * secret must not end their session.
 */
export async function dropPresented(
  c: ManagerContext,
  token: string | null | undefined,
  ctx: EventContext,
): Promise<void> {
  const parsed = parseSessionToken(token);
  if (!parsed) return;
  const record = await c.store('get', (s) => s.get(parsed.id));
  if (!record || !(await secretMatches(parsed.secret, record.secretHash))) return;
  const deleted = await c.store('delete', (s) => s.delete(record.id));
  if (deleted) c.revoked(deleted.id, deleted.userId, 'regenerated', ctx);
}

export async function revokeById(
  c: ManagerContext,
  sessionId: string,
  options: { userId?: string; reason?: RevokeReason },
  ctx: EventContext,
): Promise<boolean> {
  // Format first: a malformed handle never reaches the store (on a Cluster, braces in it would
  // split the script's keys across slots and turn a bad request into a store error).
  if (!isSessionId(sessionId)) return false;
  if (options.userId !== undefined) {
    const record = await c.store('get', (s) => s.get(sessionId));
    if (!record || record.userId !== options.userId) return false;
  }
  const deleted = await c.store('delete', (s) => s.delete(sessionId));
  if (deleted) c.revoked(deleted.id, deleted.userId, options.reason ?? 'revoked', ctx);
  return deleted !== null;
}

export async function revokeAllOfUser(
  c: ManagerContext,
  userId: string,
  options: { except?: string; reason?: RevokeReason },
  ctx: EventContext,
): Promise<number> {
  requireValidUserId(userId);
  const ids = await c.store('deleteByUser', (s) => s.deleteByUser(userId, options.except));
  const reason = options.reason ?? (options.except ? 'revoke-others' : 'revoke-all');
  for (const id of ids) c.revoked(id, userId, reason, ctx);
  return ids.length;
}

export async function listOfUser(
  c: ManagerContext,
  userId: string,
  currentSessionId?: string,
): Promise<SessionInfo[]> {
  requireValidUserId(userId);
  const records = await c.store('listByUser', (s) => s.listByUser(userId));
  const now = c.now();
  return records
    .filter((r) => expiryVerdict(c.options, r, now) === 'live')
    .map((r) => toInfo(c.options, r, currentSessionId));
}
