import type { NamedDocument, StoredDocument } from '../types.js';
import type { MemoryContext } from './context.js';

export function getDocument(ctx: MemoryContext, name: string): StoredDocument | null {
  const doc = ctx.live(ctx.documents.get(name));
  return doc ? { value: doc.value, version: doc.version } : null;
}

/** Compare-and-set on the version (null: must not exist); a document without a TTL never expires. */
export function putDocument(
  ctx: MemoryContext,
  name: string,
  value: string,
  expectedVersion: number | null,
  ttlSeconds?: number,
): boolean {
  const current = ctx.live(ctx.documents.get(name));
  if ((current?.version ?? null) !== expectedVersion) return false;
  const expiresAt = ttlSeconds ? ctx.clock.now() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY;
  ctx.documents.set(name, { value, version: (expectedVersion ?? 0) + 1, expiresAt });
  return true;
}

/** Off the request path (migration): the document with its version and absolute expiry. */
export function readDocument(ctx: MemoryContext, name: string): NamedDocument | null {
  const doc = ctx.live(ctx.documents.get(name));
  if (!doc) return null;
  const expiresAt = Number.isFinite(doc.expiresAt) ? doc.expiresAt : null;
  return { name, value: doc.value, version: doc.version, expiresAt };
}

/** Off the request path (migration): inserts a copied document as it was, only if absent. */
export function importDocument(ctx: MemoryContext, doc: NamedDocument): boolean {
  if (ctx.live(ctx.documents.get(doc.name))) return false;
  if (doc.expiresAt !== null && doc.expiresAt <= ctx.clock.now()) return false;
  const expiresAt = doc.expiresAt ?? Number.POSITIVE_INFINITY;
  ctx.documents.set(doc.name, { value: doc.value, version: doc.version, expiresAt });
  return true;
}
