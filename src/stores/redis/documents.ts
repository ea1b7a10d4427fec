// Named documents on Redis: a hash {v: value, n: version} per document, written by compare-and-set.
import type { NamedDocument, StoredDocument } from '../types.js';
import type { RedisContext } from './context.js';
import { importDocumentScript } from './scripts/import-document.js';
import { putDocumentScript } from './scripts/put-document.js';

export async function getDocument(ctx: RedisContext, name: string): Promise<StoredDocument | null> {
  const [value, version] = await ctx.call(ctx.redis.hmGet(ctx.keys.document(name), ['v', 'n']));
  return value === null || value === undefined ? null : { value, version: Number(version) };
}

export function putDocument(
  ctx: RedisContext,
  name: string,
  value: string,
  expectedVersion: number | null,
  ttlSeconds?: number,
): Promise<boolean> {
  return ctx.run(putDocumentScript, { name, value, expectedVersion, ttlSeconds });
}

/** Off the request path (migration): the document with its version and absolute expiry. */
export async function readDocument(ctx: RedisContext, name: string): Promise<NamedDocument | null> {
  const key = ctx.keys.document(name);
  const [[value, version], ttl] = await Promise.all([
    ctx.call(ctx.redis.hmGet(key, ['v', 'n'])),
    ctx.call(ctx.redis.pTTL(key)),
  ]);
  if (value === null || value === undefined || ttl === -2) return null;
  return { name, value, version: Number(version), expiresAt: ttl >= 0 ? ctx.clock.now() + ttl : null };
}

/** Off the request path (migration): inserts a copied document as it was, only if absent. */
export function importDocument(ctx: RedisContext, doc: NamedDocument): Promise<boolean> {
  if (doc.expiresAt !== null && doc.expiresAt <= ctx.clock.now()) return Promise.resolve(false);
  return ctx.run(importDocumentScript, doc);
}
