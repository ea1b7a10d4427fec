import type { NamedDocument, StoredDocument } from '../types.js';
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

/** Off the request path (migration): the document with its version and absolute expiry. */
export function readDocument(ctx: SqliteContext, name: string): NamedDocument | null {
  const row = ctx
    .sql(
      `SELECT value, version, expires_at FROM coatcheck_documents
       WHERE name = ? AND (expires_at IS NULL OR expires_at > ?)`,
    )
    .get(name, ctx.now()) as { value: string; version: number; expires_at: number | null } | undefined;
  return row ? { name, value: row.value, version: row.version, expiresAt: row.expires_at } : null;
}

/** Off the request path (migration): inserts a copied document as it was, only if absent. */
export function importDocument(ctx: SqliteContext, doc: NamedDocument): boolean {
  if (doc.expiresAt !== null && doc.expiresAt <= ctx.now()) return false;
  return ctx.transaction(() => {
    if (getDocument(ctx, doc.name)) return false;
    ctx
      .sql(
        `INSERT INTO coatcheck_documents (name, value, version, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = excluded.version,
         expires_at = excluded.expires_at`,
      )
      .run(doc.name, doc.value, doc.version, doc.expiresAt);
    return true;
  });
}
