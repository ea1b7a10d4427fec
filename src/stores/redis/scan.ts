// Scans, off the request path only (migration, audits): SCAN on every primary, then one read per key.
import type { NamedDocument, ScanPage, StoredRefreshFamily, StoredSession } from '../types.js';
import type { RedisContext } from './context.js';
import { scanPage } from './scan-page.js';
import { getSession } from './sessions.js';

export async function scanSessions(
  ctx: RedisContext,
  cursor: string | null,
  count: number,
): Promise<ScanPage<StoredSession>> {
  const page = await scanPage(await ctx.scanNodes(), ctx.keys.sessionPattern(), cursor, count);
  const ids = page.keys.map((key) => ctx.keys.idOfSessionKey(key)).filter((id) => id !== null);
  const items = await Promise.all(ids.map((id) => getSession(ctx, id)));
  return { items: items.filter((s) => s !== null), cursor: page.cursor };
}

export async function scanFamilies(
  ctx: RedisContext,
  cursor: string | null,
  count: number,
): Promise<ScanPage<StoredRefreshFamily>> {
  const page = await scanPage(await ctx.scanNodes(), ctx.keys.familyPattern(), cursor, count);
  const items = await Promise.all(page.keys.map((key) => ctx.call(ctx.redis.get(key))));
  return {
    items: items.filter((raw) => raw !== null).map((raw) => JSON.parse(raw) as StoredRefreshFamily),
    cursor: page.cursor,
  };
}

export async function listDocuments(ctx: RedisContext, prefix: string): Promise<string[]> {
  const names: string[] = [];
  const start = ctx.keys.document('').length - 1;
  let cursor: string | null = null;
  do {
    const page: { keys: string[]; cursor: string | null } = await scanPage(
      await ctx.scanNodes(),
      ctx.keys.documentPattern(),
      cursor,
      500,
    );
    for (const key of page.keys) {
      const name = key.slice(start, -1);
      if (name.startsWith(prefix)) names.push(name);
    }
    cursor = page.cursor;
  } while (cursor !== null);
  return names;
}

export async function scanDocuments(
  ctx: RedisContext,
  cursor: string | null,
  count: number,
): Promise<ScanPage<NamedDocument>> {
  const page = await scanPage(await ctx.scanNodes(), ctx.keys.documentPattern(), cursor, count);
  const start = ctx.keys.document('').length - 1;
  const items = await Promise.all(
    page.keys.map(async (key): Promise<NamedDocument | null> => {
      const [[value, version], ttl] = await Promise.all([
        ctx.call(ctx.redis.hmGet(key, ['v', 'n'])),
        ctx.call(ctx.redis.pTTL(key)),
      ]);
      if (value === null || value === undefined || ttl === -2) return null;
      const expiresAt = ttl >= 0 ? ctx.clock.now() + ttl : null;
      return { name: key.slice(start, -1), value, version: Number(version), expiresAt };
    }),
  );
  return { items: items.filter((d) => d !== null), cursor: page.cursor };
}
