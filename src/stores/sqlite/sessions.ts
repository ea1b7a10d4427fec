import type { ActivityWrite, CreateResult, SessionLimit, StoredSession, UpdateResult } from '../types.js';
import { writeActivity } from './activity.js';
import type { SqliteContext } from './context.js';
import { fromRow, type SessionRow } from './schema.js';

export function createSession(
  ctx: SqliteContext,
  session: StoredSession,
  limit?: SessionLimit,
  activity?: ActivityWrite,
): CreateResult {
  return ctx.transaction((): CreateResult => {
    if (ctx.sql('SELECT 1 FROM coatcheck_sessions WHERE id = ?').get(session.id)) {
      return { created: false, reason: 'exists' };
    }
    // The user's expired rows go in the same transaction: whatever the limit, a user's rows (and
    // index entries) are its live sessions plus those expired since its last create (L2).
    ctx
      .sql('DELETE FROM coatcheck_sessions WHERE user_id = ? AND expires_at <= ?')
      .run(session.userId, ctx.now());
    const evicted: StoredSession[] = [];
    if (limit) {
      const live = ctx
        .sql('SELECT id FROM coatcheck_sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at, id')
        .all(session.userId, ctx.now()) as { id: string }[];
      if (live.length >= limit.max) {
        if (limit.policy === 'reject') return { created: false, reason: 'limit' };
        for (const { id } of live.slice(0, live.length - limit.max + 1)) {
          const row = ctx.sql('DELETE FROM coatcheck_sessions WHERE id = ? RETURNING *').get(id);
          evicted.push(fromRow(row as unknown as SessionRow));
        }
      }
    }
    insertSession(ctx, session);
    const newDevice = writeActivity(ctx, activity, evicted);
    const ids = evicted.map((s) => s.id);
    return activity?.unseen ? { created: true, evicted: ids, newDevice } : { created: true, evicted: ids };
  });
}

export function getSession(ctx: SqliteContext, id: string): StoredSession | null {
  const row = ctx.sql('SELECT * FROM coatcheck_sessions WHERE id = ? AND expires_at > ?').get(id, ctx.now());
  return row ? fromRow(row as unknown as SessionRow) : null;
}

export function touchSession(ctx: SqliteContext, id: string, lastSeenAt: number, expiresAt: number): boolean {
  const result = ctx
    .sql('UPDATE coatcheck_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ? AND expires_at > ?')
    .run(lastSeenAt, expiresAt, id, ctx.now());
  return result.changes > 0;
}

export function updateSessionData(
  ctx: SqliteContext,
  id: string,
  expectedVersion: number,
  data: string,
): UpdateResult {
  return ctx.transaction(() => {
    const row = ctx
      .sql('SELECT version FROM coatcheck_sessions WHERE id = ? AND expires_at > ?')
      .get(id, ctx.now()) as { version: number } | undefined;
    if (!row) return 'missing';
    if (row.version !== expectedVersion) return 'conflict';
    ctx.sql('UPDATE coatcheck_sessions SET data = ?, version = version + 1 WHERE id = ?').run(data, id);
    return 'updated';
  });
}

export function replaceSession(
  ctx: SqliteContext,
  oldId: string,
  replacement: StoredSession,
  activity?: ActivityWrite,
): boolean {
  return ctx.transaction(() => {
    const removed = ctx
      .sql('DELETE FROM coatcheck_sessions WHERE id = ? AND expires_at > ?')
      .run(oldId, ctx.now());
    if (removed.changes === 0) return false;
    insertSession(ctx, replacement);
    writeActivity(ctx, activity);
    return true;
  });
}

export function deleteSession(
  ctx: SqliteContext,
  id: string,
  activity?: ActivityWrite,
): StoredSession | null {
  const remove = (): StoredSession | null => {
    const row = ctx.sql('DELETE FROM coatcheck_sessions WHERE id = ? RETURNING *').get(id) as
      | SessionRow
      | undefined;
    const deleted = row && row.expires_at > ctx.now() ? fromRow(row) : null;
    if (deleted && deleted.userId === activity?.userId) writeActivity(ctx, activity);
    return deleted;
  };
  // A plain delete stays one statement; with an entry to write, both go in one transaction.
  return activity ? ctx.transaction(remove) : remove();
}

export function listUserSessions(ctx: SqliteContext, userId: string): StoredSession[] {
  const rows = ctx
    .sql('SELECT * FROM coatcheck_sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at, id')
    .all(userId, ctx.now()) as unknown as SessionRow[];
  return rows.map(fromRow);
}

export function deleteUserSessions(
  ctx: SqliteContext,
  userId: string,
  exceptId?: string,
  activity?: ActivityWrite,
): string[] {
  const remove = (): string[] => {
    const rows = ctx
      .sql('DELETE FROM coatcheck_sessions WHERE user_id = ? AND id != ? RETURNING *')
      .all(userId, exceptId ?? '') as unknown as SessionRow[];
    const now = ctx.now();
    const deleted = rows
      .filter((row) => row.expires_at > now)
      .map(fromRow)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    if (activity?.userId === userId) writeActivity(ctx, activity, deleted);
    return deleted.map((s) => s.id);
  };
  return activity ? ctx.transaction(remove) : remove();
}

function insertSession(ctx: SqliteContext, s: StoredSession): void {
  ctx
    .sql(
      `INSERT INTO coatcheck_sessions (id, user_id, secret_hash, created_at, last_seen_at, expires_at,
       absolute_expires_at, auth_time, version, data, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      s.id,
      s.userId,
      s.secretHash,
      s.createdAt,
      s.lastSeenAt,
      s.expiresAt,
      s.absoluteExpiresAt,
      s.authTime,
      s.version,
      s.data,
      JSON.stringify(s.meta),
    );
}
