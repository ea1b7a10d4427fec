import type { StoredSession } from '../types.js';

// A session is one string: fields joined by \x1f (unit separator), numbers in base 36, the JSON
// data last. A Redis hash with a value over 64 bytes leaves the compact listpack encoding and costs
// ~3x the memory; a string is as small as the bytes in it, and one GET reads it. \x1f never occurs
// in the fields: user ids refuse control characters, JSON escapes them, the rest is base64url.
export const SEP = '\x1f';
const FIELDS = 10;

export function encodeSession(s: StoredSession): string {
  return [
    s.userId,
    s.secretHash,
    s.createdAt.toString(36),
    s.lastSeenAt.toString(36),
    s.expiresAt.toString(36),
    s.absoluteExpiresAt.toString(36),
    s.authTime.toString(36),
    s.version.toString(36),
    JSON.stringify(s.meta),
    s.data,
  ].join(SEP);
}

export function decodeSession(id: string, raw: string | null | undefined): StoredSession | null {
  if (!raw) return null;
  const f = raw.split(SEP);
  if (f.length !== FIELDS) return null;
  const n = (i: number): number => Number.parseInt(f[i]!, 36);
  return {
    id,
    userId: f[0]!,
    secretHash: f[1]!,
    createdAt: n(2),
    lastSeenAt: n(3),
    expiresAt: n(4),
    absoluteExpiresAt: n(5),
    authTime: n(6),
    version: n(7),
    meta: JSON.parse(f[8]!) as StoredSession['meta'],
    data: f[9]!,
  };
}
