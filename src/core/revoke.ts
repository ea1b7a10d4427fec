import type { EventContext, RevokeReason } from '../events/types.js';
import { isSessionId, parseSessionToken, secretMatches } from '../session-id/session-token.js';
import { type ActedBy, type ActivityType, activityEntry, activityWrite } from './activity.js';
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
  const log = activityWrite(c, record.userId, [activityEntry(c, { type: 'sign-out', session: record })]);
  const deleted = await c.store('delete', (s) => s.delete(record.id, log));
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

/** How a revocation is named and attributed. */
export interface RevokeOptions extends ActedBy {
  reason?: RevokeReason;
}

export async function revokeById(
  c: ManagerContext,
  sessionId: string,
  options: RevokeOptions & { userId?: string },
  ctx: EventContext,
): Promise<boolean> {
  // Format first: a malformed handle never reaches the store (on a Cluster, braces in it would
  // split the script's keys across slots and turn a bad request into a store error).
  if (!isSessionId(sessionId)) return false;
  // The entry needs the session's user and device: known from this read when the caller names
  // the user (the usual case, which reads anyway); by handle alone, one read more with the log on.
  const record =
    options.userId !== undefined || c.options.activity ? await c.store('get', (s) => s.get(sessionId)) : null;
  if (options.userId !== undefined && (!record || record.userId !== options.userId)) return false;
  const reason = options.reason ?? 'revoked';
  const log = record
    ? activityWrite(c, record.userId, [activityEntry(c, { ...revokedBy(reason, options), session: record })])
    : undefined;
  const deleted = await c.store('delete', (s) => s.delete(sessionId, log));
  if (deleted) c.revoked(deleted.id, deleted.userId, reason, ctx);
  return deleted !== null;
}

export async function revokeAllOfUser(
  c: ManagerContext,
  userId: string,
  options: RevokeOptions & { except?: string },
  ctx: EventContext,
): Promise<number> {
  requireValidUserId(userId);
  const reason = options.reason ?? (options.except ? 'revoke-others' : 'revoke-all');
  const by = revokedBy(reason, { actorSessionId: options.except, ...options });
  const log = activityWrite(c, userId, [], { perDeleted: activityEntry(c, by) });
  const ids = await c.store('deleteByUser', (s) => s.deleteByUser(userId, options.except, log));
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

/** The entry type and actor of a revocation: an explicit actor wins, then what the reason says. */
function revokedBy(reason: RevokeReason, by: ActedBy): ActedBy & { type: ActivityType } {
  if (reason === 'refresh-reuse') return { type: 'refresh-reuse-detected', actor: 'system' };
  if (reason === 'logout') return { type: 'sign-out', actor: by.actor ?? 'user' };
  const actor = by.actor ?? (reason === 'admin' ? 'operator' : undefined);
  return { type: 'session-revoked', actor, actorSessionId: by.actorSessionId };
}
