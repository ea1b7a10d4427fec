import { fromDeleted, isUnseen } from '../activity-entries.js';
import type { ActivityInput, ActivityQuery, ActivityWrite, StoredActivity, StoredSession } from '../types.js';
import type { MemoryContext } from './context.js';

/**
 * Applies a write to the user's log. Called inside the same synchronous step as the change it
 * records, so nothing can come between them. Returns whether the `unseen` entry was appended.
 */
export function writeActivity(
  ctx: MemoryContext,
  write: ActivityWrite | undefined,
  deleted: readonly StoredSession[] = [],
): boolean {
  if (!write) return false;
  const log = ctx.activity.get(write.userId) ?? { seq: 0, entries: [], expiresAt: 0 };
  const since = write.now - write.bounds.maxAgeMs;
  const kept = log.entries.filter((e) => e.at >= since);
  const appended: ActivityInput[] = [];
  if (write.perDeleted) for (const s of deleted) appended.push(fromDeleted(write.perDeleted, s));
  appended.push(...write.entries);
  const newDevice = write.unseen !== undefined && isUnseen(kept, write.unseen);
  if (newDevice && write.unseen) appended.push(write.unseen);
  for (const input of appended) kept.unshift({ ...input, seq: ++log.seq });
  log.entries = kept.slice(0, write.bounds.maxEntries);
  // Every entry is older than the bound by then: the whole log can go (purgeExpired).
  log.expiresAt = write.now + write.bounds.maxAgeMs;
  ctx.activity.set(write.userId, log);
  return newDevice;
}

export function listActivity(ctx: MemoryContext, userId: string, query: ActivityQuery): StoredActivity[] {
  const entries = ctx.activity.get(userId)?.entries ?? [];
  const before = query.before ?? Number.POSITIVE_INFINITY;
  return entries
    .filter((e) => e.seq < before && e.at >= query.since)
    .slice(0, query.limit)
    .map((e) => ({ ...e }));
}
