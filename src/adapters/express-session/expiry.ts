import type { ManagerContext } from '../../core/gateway.js';

// express-session keeps `cookie.expires` as a Date in memory and as an ISO string once stored.
function cookieExpiry(sess: object): number | null {
  const expires = (sess as { cookie?: { expires?: unknown } }).cookie?.expires;
  if (expires === null || expires === undefined || expires === false) return null;
  const at = expires instanceof Date ? expires.getTime() : Date.parse(String(expires));
  return Number.isFinite(at) ? at : null;
}

/**
 * When a bridged record expires: at the express-session cookie's expiry, or after the manager's
 * idle timeout for a browser-session cookie (no `maxAge`), and never past the manager's absolute
 * lifetime from the record's creation (SM-5).
 */
export function expiryOf(
  c: ManagerContext,
  sess: object,
  createdAt: number,
): { expiresAt: number; absoluteExpiresAt: number } {
  const absoluteExpiresAt = createdAt + c.options.absoluteMs;
  const wanted = cookieExpiry(sess) ?? c.now() + c.options.idleMs;
  return { expiresAt: Math.min(wanted, absoluteExpiresAt), absoluteExpiresAt };
}

/**
 * The session as `get` returns it, its `cookie.expires` consistent with the record's expiry.
 * `touch` moves only the record's expiry (one update-only write, the data untouched), so the
 * stored cookie is as old as the last save: a record that expires later was touched since, and
 * one that expires over a second earlier was capped at the absolute lifetime; either way the
 * record's expiry is the truth. Otherwise (a save moves the record's expiry only when it changes
 * by a second or more) the saved cookie is the exact one. So an active user of a rolling session
 * is never loaded with an expired cookie.
 */
export function withRecordExpiry<Sess extends object>(sess: Sess, expiresAt: number): Sess {
  const cookie = (sess as { cookie?: { expires?: unknown } }).cookie;
  const saved = cookieExpiry(sess);
  if (cookie && typeof cookie === 'object' && saved !== null) {
    if (expiresAt > saved || expiresAt <= saved - 1000) cookie.expires = new Date(expiresAt).toISOString();
  }
  return sess;
}

/** The cookie's settings without its expiry: what `touch` alone cannot store. */
export function cookieSettings(sess: object): string {
  const cookie = (sess as { cookie?: unknown }).cookie;
  if (!cookie || typeof cookie !== 'object') return '';
  const { expires: _expires, ...settings } = JSON.parse(JSON.stringify(cookie)) as Record<string, unknown>;
  return JSON.stringify(settings);
}
