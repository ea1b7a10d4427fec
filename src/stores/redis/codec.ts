import type { StoredSession } from '../types.js';

// A session is one string: fields joined by \x1f (unit separator), numbers in base 36, the JSON
// data last. A Redis hash with a value over 64 bytes leaves the compact listpack encoding and costs
// ~3x the memory; a string is as small as the bytes in it, and one GET reads it. \x1f never occurs
// in the fields: user ids refuse control characters, JSON escapes them, the rest is base64url.
// The other times are stored as offsets from createdAt (a fresh session's are one or a few
// characters instead of eight), and empty metadata as an empty field: about 25 bytes less per
// session, which at 100,000 sessions moves the value into a smaller allocator size class.
export const SEP = '\x1f';

/**
 * The record's fields in order. The Lua scripts take their field positions from this table
 * (scripts/lua-helpers.ts), so the two sides cannot drift apart.
 */
export const SESSION_FIELDS = [
  'userId',
  'secretHash',
  'createdAt',
  'lastSeenAt',
  'expiresAt',
  'absoluteExpiresAt',
  'authTime',
  'version',
  'meta',
  'data',
] as const;
export type SessionField = (typeof SESSION_FIELDS)[number];

const AT = Object.fromEntries(SESSION_FIELDS.map((name, i) => [name, i])) as Record<SessionField, number>;

/** 1-based position of a field, as Lua counts. */
export function luaField(name: SessionField): number {
  return AT[name] + 1;
}

export function encodeSession(s: StoredSession): string {
  const since = (t: number): string => (t - s.createdAt).toString(36);
  const meta = JSON.stringify(s.meta);
  const values: Record<SessionField, string> = {
    userId: s.userId,
    secretHash: s.secretHash,
    createdAt: s.createdAt.toString(36),
    lastSeenAt: since(s.lastSeenAt),
    expiresAt: since(s.expiresAt),
    absoluteExpiresAt: since(s.absoluteExpiresAt),
    authTime: since(s.authTime),
    version: s.version.toString(36),
    meta: meta === '{}' ? '' : meta,
    data: s.data,
  };
  return SESSION_FIELDS.map((name) => values[name]).join(SEP);
}

export function decodeSession(id: string, raw: string | null | undefined): StoredSession | null {
  if (!raw) return null;
  const f = raw.split(SEP);
  if (f.length !== SESSION_FIELDS.length) return null;
  const text = (name: SessionField): string => f[AT[name]]!;
  const n = (name: SessionField): number => Number.parseInt(text(name), 36);
  const createdAt = n('createdAt');
  const meta = text('meta');
  return {
    id,
    userId: text('userId'),
    secretHash: text('secretHash'),
    createdAt,
    lastSeenAt: createdAt + n('lastSeenAt'),
    expiresAt: createdAt + n('expiresAt'),
    absoluteExpiresAt: createdAt + n('absoluteExpiresAt'),
    authTime: createdAt + n('authTime'),
    version: n('version'),
    meta: meta ? (JSON.parse(meta) as StoredSession['meta']) : {},
    data: text('data'),
  };
}
