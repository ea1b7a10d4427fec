import type { StoredSession } from '../types.js';

// A session is one string: fields joined by \x1f (unit separator), numbers in base 36, the JSON
// data last. A Redis hash with a value over 64 bytes leaves the compact listpack encoding and costs
// ~3x the memory; a string is as small as the bytes in it, and one GET reads it. \x1f never occurs
// in the fields: user ids refuse control characters, JSON escapes them, the rest is base64url.
// The other times are stored as offsets from createdAt (a fresh session's are one or a few
// characters instead of eight), and empty metadata as an empty field: about 25 bytes less per
// session, which at 100,000 sessions moves the value into a smaller allocator size class.
export const SEP = '\x1f';
const FIELDS = 10;

export function encodeSession(s: StoredSession): string {
  const since = (t: number): string => (t - s.createdAt).toString(36);
  const meta = JSON.stringify(s.meta);
  return [
    s.userId,
    s.secretHash,
    s.createdAt.toString(36),
    since(s.lastSeenAt),
    since(s.expiresAt),
    since(s.absoluteExpiresAt),
    since(s.authTime),
    s.version.toString(36),
    meta === '{}' ? '' : meta,
    s.data,
  ].join(SEP);
}

export function decodeSession(id: string, raw: string | null | undefined): StoredSession | null {
  if (!raw) return null;
  const f = raw.split(SEP);
  if (f.length !== FIELDS) return null;
  const n = (i: number): number => Number.parseInt(f[i]!, 36);
  const createdAt = n(2);
  return {
    id,
    userId: f[0]!,
    secretHash: f[1]!,
    createdAt,
    lastSeenAt: createdAt + n(3),
    expiresAt: createdAt + n(4),
    absoluteExpiresAt: createdAt + n(5),
    authTime: createdAt + n(6),
    version: n(7),
    meta: f[8] ? (JSON.parse(f[8]) as StoredSession['meta']) : {},
    data: f[9]!,
  };
}
