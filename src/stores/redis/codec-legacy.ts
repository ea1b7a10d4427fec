import type { StoredSession } from '../types.js';

// The earlier all-text record layout: ten fields joined by \x1f, numbers in base 36, times after
// createdAt as offsets from it. Records written in it stay readable; every script that writes one
// (touch, data update) rewrites it in the current layout (scripts/lua-helpers.ts).
export const LEGACY_FIELDS = [
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

export function decodeLegacySession(id: string, raw: string): StoredSession | null {
  const f = raw.split('\x1f');
  if (f.length !== LEGACY_FIELDS.length) return null;
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

/** The earlier layout, for tests that check such records stay readable. */
export function encodeLegacySession(s: StoredSession): string {
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
  ].join('\x1f');
}
