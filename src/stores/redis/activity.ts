// The activity log on Redis: writes ride in the session scripts (activity-lua.ts); a write of
// its own is one script, and a read is one LRANGE of at most the log's bound.
import type { ActivityQuery, ActivityWrite, StoredActivity } from '../types.js';
import { decodeEntry } from './activity-codec.js';
import type { RedisContext } from './context.js';
import { appendActivityScript } from './scripts/append-activity.js';

export async function appendActivity(ctx: RedisContext, write: ActivityWrite): Promise<void> {
  await ctx.run(appendActivityScript, write);
}

export async function listActivity(
  ctx: RedisContext,
  userId: string,
  query: ActivityQuery,
): Promise<StoredActivity[]> {
  const raw = await ctx.call(ctx.redis.lRange(ctx.keys.activity(userId), 0, -1));
  const before = query.before ?? Number.POSITIVE_INFINITY;
  const out: StoredActivity[] = [];
  for (const item of raw) {
    const entry = decodeEntry(item);
    if (!entry || entry.seq >= before || entry.at < query.since) continue;
    out.push(entry);
    if (out.length >= query.limit) break;
  }
  return out;
}
