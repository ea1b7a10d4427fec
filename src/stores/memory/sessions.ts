import type { ActivityWrite, CreateResult, SessionLimit, StoredSession, UpdateResult } from '../types.js';
import { writeActivity } from './activity.js';
import { copySession, type MemoryContext } from './context.js';
import { purgeExpired } from './scan.js';

export function createSession(
  ctx: MemoryContext,
  session: StoredSession,
  limit?: SessionLimit,
  activity?: ActivityWrite,
): CreateResult {
  maybeSweep(ctx);
  if (ctx.sessions.has(session.id)) return { created: false, reason: 'exists' };
  dropExpiredOfUser(ctx, session.userId);
  const owned = liveOfUser(ctx, session.userId);
  const evicted: StoredSession[] = [];
  if (limit && owned.length >= limit.max) {
    if (limit.policy === 'reject') return { created: false, reason: 'limit' };
    owned.sort((a, b) => a.createdAt - b.createdAt);
    for (const old of owned.slice(0, owned.length - limit.max + 1)) {
      ctx.removeSession(old.id);
      evicted.push(old);
    }
  }
  insertSession(ctx, session);
  const newDevice = writeActivity(ctx, activity, evicted);
  const ids = evicted.map((s) => s.id);
  return activity?.unseen ? { created: true, evicted: ids, newDevice } : { created: true, evicted: ids };
}

export function getSession(ctx: MemoryContext, id: string): StoredSession | null {
  const session = ctx.live(ctx.sessions.get(id));
  return session ? copySession(session) : null;
}

export function touchSession(ctx: MemoryContext, id: string, lastSeenAt: number, expiresAt: number): boolean {
  const session = ctx.live(ctx.sessions.get(id));
  if (!session) return false;
  session.lastSeenAt = lastSeenAt;
  session.expiresAt = expiresAt;
  return true;
}

export function updateSessionData(
  ctx: MemoryContext,
  id: string,
  expectedVersion: number,
  data: string,
): UpdateResult {
  const session = ctx.live(ctx.sessions.get(id));
  if (!session) return 'missing';
  if (session.version !== expectedVersion) return 'conflict';
  session.data = data;
  session.version += 1;
  return 'updated';
}

export function replaceSession(
  ctx: MemoryContext,
  oldId: string,
  replacement: StoredSession,
  activity?: ActivityWrite,
): boolean {
  if (!ctx.live(ctx.sessions.get(oldId)) || ctx.sessions.has(replacement.id)) return false;
  ctx.removeSession(oldId);
  insertSession(ctx, replacement);
  writeActivity(ctx, activity);
  return true;
}

export function deleteSession(
  ctx: MemoryContext,
  id: string,
  activity?: ActivityWrite,
): StoredSession | null {
  const session = ctx.live(ctx.sessions.get(id));
  ctx.removeSession(id);
  if (session && session.userId === activity?.userId) writeActivity(ctx, activity);
  return session ? copySession(session) : null;
}

export function listUserSessions(ctx: MemoryContext, userId: string): StoredSession[] {
  return liveOfUser(ctx, userId)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((s) => copySession(s));
}

export function deleteUserSessions(
  ctx: MemoryContext,
  userId: string,
  exceptId?: string,
  activity?: ActivityWrite,
): string[] {
  const doomed = liveOfUser(ctx, userId)
    .filter((s) => s.id !== exceptId)
    .sort((a, b) => a.createdAt - b.createdAt);
  for (const s of doomed) ctx.removeSession(s.id);
  if (activity?.userId === userId) writeActivity(ctx, activity, doomed);
  return doomed.map((s) => s.id);
}

function liveOfUser(ctx: MemoryContext, userId: string): StoredSession[] {
  const ids = ctx.byUser.get(userId) ?? new Set<string>();
  return [...ids].map((id) => ctx.live(ctx.sessions.get(id))).filter((s) => s !== null);
}

// A user's index holds its live sessions plus those that expired since the user's last create:
// whatever the limit, it never grows with sessions that idled out long ago (SECURITY.md L2).
function dropExpiredOfUser(ctx: MemoryContext, userId: string): void {
  for (const id of ctx.byUser.get(userId) ?? []) {
    if (!ctx.live(ctx.sessions.get(id))) ctx.removeSession(id);
  }
}

function insertSession(ctx: MemoryContext, session: StoredSession): void {
  ctx.sessions.set(session.id, copySession(session));
  const ids = ctx.byUser.get(session.userId) ?? new Set<string>();
  ids.add(session.id);
  ctx.byUser.set(session.userId, ids);
}

// Amortised cleanup: one pass per 1,000 writes keeps memory bounded without a timer.
function maybeSweep(ctx: MemoryContext): void {
  if (++ctx.writesSinceSweep < 1000) return;
  ctx.writesSinceSweep = 0;
  purgeExpired(ctx);
}
