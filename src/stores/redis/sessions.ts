// Sessions on Redis: a read is one GET; every write is one script on the keys of one tag group.
import { SessionError } from '../../errors.js';
import { routeTag, tagOf } from '../../session-id/route-tag.js';
import type { ActivityWrite, CreateResult, SessionLimit, StoredSession, UpdateResult } from '../types.js';
import { decodeSession } from './codec.js';
import type { RedisContext } from './context.js';
import { createScript } from './scripts/create.js';
import { deleteScript } from './scripts/delete.js';
import { deleteUserScript } from './scripts/delete-user.js';
import { listScript } from './scripts/list.js';
import { replaceScript } from './scripts/replace.js';
import { touchScript } from './scripts/touch.js';
import { updateDataScript } from './scripts/update-data.js';

export function createSession(
  ctx: RedisContext,
  session: StoredSession,
  limit?: SessionLimit,
  activity?: ActivityWrite,
): Promise<CreateResult> {
  assertTag(session);
  // Another user's log would be in another slot: such a write is not this call's to make.
  const log = activity?.userId === session.userId ? activity : undefined;
  return ctx.run(createScript, { session, limit, now: ctx.clock.now(), activity: log });
}

export async function getSession(ctx: RedisContext, id: string): Promise<StoredSession | null> {
  return decodeSession(id, await ctx.call(ctx.binary.get(ctx.keys.session(id))));
}

export function touchSession(
  ctx: RedisContext,
  id: string,
  lastSeenAt: number,
  expiresAt: number,
): Promise<boolean> {
  return ctx.run(touchScript, { id, lastSeenAt, expiresAt });
}

export function updateSessionData(
  ctx: RedisContext,
  id: string,
  expectedVersion: number,
  data: string,
): Promise<UpdateResult> {
  return ctx.run(updateDataScript, { id, expectedVersion, data });
}

export async function replaceSession(
  ctx: RedisContext,
  oldId: string,
  replacement: StoredSession,
  activity?: ActivityWrite,
): Promise<boolean> {
  assertTag(replacement);
  if (tagOf(oldId) !== tagOf(replacement.id)) return false;
  const log = activity?.userId === replacement.userId ? activity : undefined;
  return ctx.run(replaceScript, { oldId, replacement, activity: log });
}

export async function deleteSession(
  ctx: RedisContext,
  id: string,
  activity?: ActivityWrite,
): Promise<StoredSession | null> {
  // The script writes the entry only if the record is this user's; a log in another slot never is.
  const log = activity && routeTag(activity.userId) === tagOf(id) ? activity : undefined;
  return decodeSession(id, await ctx.run(deleteScript, { id, activity: log }));
}

export async function listUserSessions(ctx: RedisContext, userId: string): Promise<StoredSession[]> {
  const pairs = await ctx.run(listScript, { userId, now: ctx.clock.now() });
  const out: StoredSession[] = [];
  for (const [id, raw] of pairs) {
    const session = decodeSession(id, raw);
    if (session) out.push(session);
  }
  return out;
}

export function deleteUserSessions(
  ctx: RedisContext,
  userId: string,
  exceptId?: string,
  activity?: ActivityWrite,
): Promise<string[]> {
  const log = activity?.userId === userId ? activity : undefined;
  return ctx.run(deleteUserScript, { userId, exceptId, now: ctx.clock.now(), activity: log });
}

// A session whose id does not carry its user's routing tag would be indexed in another slot.
function assertTag(session: StoredSession): void {
  if (tagOf(session.id) !== routeTag(session.userId)) {
    throw new SessionError('ERR_BAD_REQUEST', 'Session id does not carry its user routing tag');
  }
}
