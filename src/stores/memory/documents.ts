import type { StoredDocument } from '../types.js';
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
