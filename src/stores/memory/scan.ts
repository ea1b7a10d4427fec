import type { NamedDocument, ScanPage, StoredRefreshFamily, StoredSession } from '../types.js';
import { copySession, type Expiring, type MemoryContext } from './context.js';

export function scanSessions(
  ctx: MemoryContext,
  cursor: string | null,
  count: number,
): ScanPage<StoredSession> {
  return page(ctx, [...ctx.sessions.values()], cursor, count, copySession);
}

export function scanFamilies(
  ctx: MemoryContext,
  cursor: string | null,
  count: number,
): ScanPage<StoredRefreshFamily> {
  return page(ctx, [...ctx.families.values()], cursor, count, (f) => ({ ...f }));
}

export function listDocuments(ctx: MemoryContext, prefix: string): string[] {
  return [...ctx.documents].filter(([n, d]) => n.startsWith(prefix) && ctx.live(d)).map(([n]) => n);
}

export function scanDocuments(
  ctx: MemoryContext,
  cursor: string | null,
  count: number,
): ScanPage<NamedDocument> {
  const named = [...ctx.documents].map(([id, d]) => ({ id, ...d }));
  const found = page(ctx, named, cursor, count, (d) => ({ ...d }));
  const items = found.items.map(({ id, value, version, expiresAt }) => ({
    name: id,
    value,
    version,
    expiresAt: Number.isFinite(expiresAt) ? expiresAt : null,
  }));
  return { items, cursor: found.cursor };
}

/** Deletes every expired entry; returns how many. */
export function purgeExpired(ctx: MemoryContext): number {
  let purged = 0;
  const now = ctx.clock.now();
  for (const map of [ctx.sessions, ctx.families, ctx.documents] as Map<string, Expiring>[]) {
    for (const [id, entry] of map) {
      if (entry.expiresAt > now) continue;
      if (map === (ctx.sessions as Map<string, Expiring>)) ctx.removeSession(id);
      else map.delete(id);
      purged++;
    }
  }
  for (const [userId, log] of ctx.activity) if (log.expiresAt <= now) ctx.activity.delete(userId);
  return purged;
}

// Pages by id order so a cursor (the last id seen) stays valid while entries come and go.
function page<T extends { id: string } & Expiring>(
  ctx: MemoryContext,
  all: T[],
  cursor: string | null,
  count: number,
  copy: (item: T) => T,
): ScanPage<T> {
  const sorted = all.filter((item) => ctx.live(item) !== null && (cursor === null || item.id > cursor));
  sorted.sort((a, b) => (a.id < b.id ? -1 : 1));
  const items = sorted.slice(0, count).map(copy);
  return { items, cursor: sorted.length > count ? items.at(-1)!.id : null };
}
