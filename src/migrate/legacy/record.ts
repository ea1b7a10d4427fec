/**
 * When a legacy session ends, from the `cookie.expires` that express-session and @fastify/session
 * both keep in the record (null: a browser-session cookie, or no usable date). connect-redis sets
 * the key's TTL from the same field, so this only matters for stores that do not expire by
 * themselves.
 */
export function legacyExpiresAt(record: unknown): number | null {
  const cookie = (record as { cookie?: { expires?: unknown } } | null)?.cookie;
  const expires = cookie?.expires;
  if (typeof expires !== 'string' && typeof expires !== 'number') return null;
  const at = new Date(expires).getTime();
  return Number.isFinite(at) ? at : null;
}
