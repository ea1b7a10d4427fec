import type { NamedDocument, ScanPage, StoredRefreshFamily, StoredSession } from '../types.js';
import { purgeActivity } from './activity.js';
import type { SqliteContext } from './context.js';
import { fromRow, type SessionRow } from './schema.js';

export function scanSessions(
  ctx: SqliteContext,
  cursor: string | null,
  count: number,
): ScanPage<StoredSession> {
  const rows = ctx
    .sql('SELECT * FROM coatcheck_sessions WHERE id > ? AND expires_at > ? ORDER BY id LIMIT ?')
    .all(cursor ?? '', ctx.now(), count + 1) as unknown as SessionRow[];
  const items = rows.slice(0, count).map(fromRow);
  return { items, cursor: rows.length > count ? items.at(-1)!.id : null };
}

export function scanFamilies(
  ctx: SqliteContext,
  cursor: string | null,
  count: number,
): ScanPage<StoredRefreshFamily> {
  const rows = ctx
    .sql(
      'SELECT id, body FROM coatcheck_refresh_families WHERE id > ? AND expires_at > ? ORDER BY id LIMIT ?',
    )
    .all(cursor ?? '', ctx.now(), count + 1) as { id: string; body: string }[];
  const items = rows.slice(0, count).map((row) => JSON.parse(row.body) as StoredRefreshFamily);
  return { items, cursor: rows.length > count ? items.at(-1)!.id : null };
}

export function listDocuments(ctx: SqliteContext, prefix: string): string[] {
  const rows = ctx
    .sql(
      'SELECT name FROM coatcheck_documents WHERE substr(name, 1, ?) = ? AND (expires_at IS NULL OR expires_at > ?)',
    )
    .all(prefix.length, prefix, ctx.now()) as { name: string }[];
  return rows.map((row) => row.name);
}

export function scanDocuments(
  ctx: SqliteContext,
  cursor: string | null,
  count: number,
): ScanPage<NamedDocument> {
  const rows = ctx
    .sql(
      `SELECT name, value, version, expires_at FROM coatcheck_documents
       WHERE name > ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY name LIMIT ?`,
    )
    .all(cursor ?? '', ctx.now(), count + 1) as {
    name: string;
    value: string;
    version: number;
    expires_at: number | null;
  }[];
  const items = rows.slice(0, count).map((row) => ({
    name: row.name,
    value: row.value,
    version: Number(row.version),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  }));
  return { items, cursor: rows.length > count ? items.at(-1)!.name : null };
}

/** Deletes every expired row in one transaction; returns how many. */
export function purgeExpired(ctx: SqliteContext): number {
  const now = ctx.now();
  return ctx.transaction(() => {
    let purged = Number(ctx.sql('DELETE FROM coatcheck_sessions WHERE expires_at <= ?').run(now).changes);
    purged += Number(
      ctx.sql('DELETE FROM coatcheck_refresh_families WHERE expires_at <= ?').run(now).changes,
    );
    purged += Number(ctx.sql('DELETE FROM coatcheck_documents WHERE expires_at <= ?').run(now).changes);
    return purged + purgeActivity(ctx, now);
  });
}
