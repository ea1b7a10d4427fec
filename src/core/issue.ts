import { SessionError } from '../errors.js';
import type { EventContext } from '../events/types.js';
import type { MintedSessionToken } from '../session-id/session-token.js';
import type { SessionMeta, StoredSession } from '../stores/types.js';
import { activityEntry, activityWrite, signInWrite } from './activity.js';
import { type ManagerContext, metaFromContext } from './context.js';
import { sessionCookie } from './cookies.js';
import { announceNewDevice } from './new-device.js';
import { buildRecord, toSession } from './records.js';
import type { IssuedSession } from './results.js';
import type { Session, SessionData } from './session.js';

/** What a new session starts with. */
export interface CreateInput<Data extends SessionData = SessionData> {
  userId: string;
  data?: Data;
  meta?: SessionMeta;
  /** When the user authenticated; default now. */
  authTime?: number;
}

export async function createSession<Data extends SessionData>(
  c: ManagerContext,
  input: CreateInput<Data>,
  ctx: EventContext,
  preMinted?: MintedSessionToken,
): Promise<IssuedSession<Data>> {
  requireValidUserId(input.userId);
  const now = c.now();
  const { token, record } = await buildRecord(
    c.options,
    {
      userId: input.userId,
      data: input.data ?? {},
      meta: { ...metaFromContext(ctx), ...input.meta },
      now,
      authTime: input.authTime ?? now,
      absoluteExpiresAt: now + c.options.absoluteMs,
    },
    preMinted,
  );
  // The sign-in, and the sessions the per-user limit ends, are recorded in the same store step.
  const log = signInWrite(c, record, now);
  if (log) log.perDeleted = activityEntry(c, { type: 'session-revoked', actor: 'session-limit' }, now);
  const result = await c.store('create', (s) => s.create(record, c.options.limit, log));
  if (!result.created) {
    if (result.reason === 'exists')
      throw new SessionError('ERR_SESSION_EXISTS', 'A session with this id exists');
    if (result.reason === 'limit') c.emit({ type: 'session.limit_rejected', userId: input.userId }, ctx);
    throw new SessionError('ERR_SESSION_LIMIT', 'Too many active sessions for this user');
  }
  for (const id of result.evicted) c.revoked(id, input.userId, 'limit-evicted', ctx);
  c.emit({ type: 'session.created', sessionId: record.id, userId: record.userId }, ctx);
  if (result.newDevice) announceNewDevice(c, record, ctx);
  return issued<Data>(c, token, record, now);
}

/** Same data, new token and id, in one atomic store step; the old token is dead on return. */
export async function regenerateSession<Data extends SessionData>(
  c: ManagerContext,
  old: Session<Data>,
  reauthenticated: boolean,
  ctx: EventContext,
): Promise<IssuedSession<Data>> {
  const now = c.now();
  const fresh = metaFromContext(ctx);
  // A User-Agent in this request names the device afresh; otherwise the stored name stays.
  const kept = fresh.userAgent ? { ...old.meta, device: undefined } : old.meta;
  const { token, record } = await buildRecord(c.options, {
    userId: old.userId,
    data: old.data,
    meta: { ...kept, ...fresh },
    now,
    createdAt: reauthenticated ? now : old.createdAt,
    authTime: reauthenticated ? now : old.authTime,
    absoluteExpiresAt: reauthenticated ? now + c.options.absoluteMs : old.absoluteExpiresAt,
  });
  // Re-authentication is a step-up the user sees in their activity; a plain rotation is not.
  const log = reauthenticated
    ? activityWrite(c, old.userId, [activityEntry(c, { type: 'step-up', session: record }, now)])
    : undefined;
  if (!(await c.store('replace', (s) => s.replace(old.id, record, log)))) {
    throw new SessionError('ERR_SESSION_REVOKED', 'The session ended while being regenerated');
  }
  c.emit(
    { type: 'session.rotated', sessionId: record.id, previousSessionId: old.id, userId: old.userId },
    ctx,
  );
  return issued<Data>(c, token, record, now);
}

async function issued<Data extends SessionData>(
  c: ManagerContext,
  token: string,
  record: StoredSession,
  now: number,
): Promise<IssuedSession<Data>> {
  const session = await toSession<Data>(c.options, record);
  return { session, token, cookie: sessionCookie(c.options, token, record.absoluteExpiresAt, now) };
}

/**
 * The one user-id rule of create, list and revoke-all: an id a create would refuse never reaches
 * a store, so it can never address another user's index range (Redis joins fields with \x1f).
 */
export function requireValidUserId(userId: unknown): asserts userId is string {
  if (!isValidUserId(userId)) {
    throw new SessionError('ERR_BAD_REQUEST', 'userId must be 1-256 characters with no control characters');
  }
}

// Control characters have no place in an identifier and would corrupt logs and store indexes.
export function isValidUserId(userId: unknown): userId is string {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256) return false;
  for (let i = 0; i < userId.length; i++) {
    const code = userId.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}
