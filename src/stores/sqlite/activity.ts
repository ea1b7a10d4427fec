import { fromDeleted, isUnseen } from '../activity-entries.js';
import type { ActivityInput, ActivityQuery, ActivityWrite, StoredActivity, StoredSession } from '../types.js';
import type { SqliteContext } from './context.js';

// One row per entry: the sequence is the table's own (increasing, never reused), the entry's
// other fields are one JSON text. Bounds are applied by every write, inside its transaction.

interface ActivityRow {
  seq: number;
  at: number;
  entry: string;
}

/**
 * Applies a write to the user's log. The caller runs it inside the transaction of the change it
 * records. Returns whether the `unseen` entry was appended.
 */
export function writeActivity(
  ctx: SqliteContext,
  write: ActivityWrite | undefined,
  deleted: readonly StoredSession[] = [],
): boolean {
  if (!write) return false;
  const since = write.now - write.bounds.maxAgeMs;
  const newDevice =
    write.unseen !== undefined && isUnseen(readLog(ctx, write.userId, since, null, -1), write.unseen);
  const appended: ActivityInput[] = [];
  if (write.perDeleted) for (const s of deleted) appended.push(fromDeleted(write.perDeleted, s));
  appended.push(...write.entries);
  if (newDevice && write.unseen) appended.push(write.unseen);
  const insert = ctx.sql(
    'INSERT INTO coatcheck_activity (user_id, at, expires_at, entry) VALUES (?, ?, ?, ?)',
  );
  for (const { at, ...rest } of appended)
    insert.run(write.userId, at, at + write.bounds.maxAgeMs, JSON.stringify(rest));
  ctx
    .sql(
      `DELETE FROM coatcheck_activity WHERE user_id = ? AND (at < ? OR seq <= COALESCE((SELECT seq
       FROM coatcheck_activity WHERE user_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?), -1))`,
    )
    .run(write.userId, since, write.userId, write.bounds.maxEntries);
  return newDevice;
}

export function listActivity(ctx: SqliteContext, userId: string, query: ActivityQuery): StoredActivity[] {
  return readLog(ctx, userId, query.since, query.before ?? null, query.limit);
}

/** Entries past their age bound, for the store's cleanup (a user who stays away keeps none). */
export function purgeActivity(ctx: SqliteContext, now: number): number {
  return Number(ctx.sql('DELETE FROM coatcheck_activity WHERE expires_at <= ?').run(now).changes);
}

function readLog(
  ctx: SqliteContext,
  userId: string,
  since: number,
  before: number | null,
  limit: number,
): StoredActivity[] {
  const rows = ctx
    .sql(
      `SELECT seq, at, entry FROM coatcheck_activity WHERE user_id = ? AND seq < ? AND at >= ?
       ORDER BY seq DESC LIMIT ?`,
    )
    .all(userId, before ?? Number.MAX_SAFE_INTEGER, since, limit) as unknown as ActivityRow[];
  return rows.map((row) => ({
    ...(JSON.parse(row.entry) as Omit<StoredActivity, 'seq' | 'at'>),
    seq: Number(row.seq),
    at: Number(row.at),
  }));
}
