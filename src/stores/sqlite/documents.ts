import type { StoredDocument } from '../types.js';
import type { SqliteContext } from './context.js';

export function getDocument(ctx: SqliteContext, name: string): StoredDocument | null {
  const row = ctx
    .sql(
      'SELECT value, version FROM coatcheck_documents WHERE name = ? AND (expires_at IS NULL OR expires_at > ?)',
    )
    .get(name, ctx.now()) as StoredDocument | undefined;
  return row ? { value: row.value, version: row.version } : null;
}

/** Compare-and-set on the version (null: must not exist); a document without a TTL never expires. */
export function putDocument(
  ctx: SqliteContext,
  name: string,
  value: string,
  expectedVersion: number | null,
  ttlSeconds?: number,
): boolean {
  const expiresAt = ttlSeconds ? ctx.now() + ttlSeconds * 1000 : null;
  return ctx.transaction(() => {
    const current = getDocument(ctx, name);
    if ((current?.version ?? null) !== expectedVersion) return false;
    ctx
      .sql(
        `INSERT INTO coatcheck_documents (name, value, version, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = excluded.version,
         expires_at = excluded.expires_at`,
      )
      .run(name, value, (expectedVersion ?? 0) + 1, expiresAt);
    return true;
  });
}
