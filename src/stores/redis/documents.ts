// Named documents on Redis: a hash {v: value, n: version} per document, written by compare-and-set.
import type { StoredDocument } from '../types.js';
import type { RedisContext } from './context.js';
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
