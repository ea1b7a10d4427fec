import type { ManagerContext } from '../../core/context.js';

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
