import { type CookieToSet, serializeCookie } from '../cookies/serialize.js';
import type { ResolvedOptions } from './options.js';

/** The session cookie for a token; Max-Age never reaches past the absolute expiry. */
export function sessionCookie(
  options: ResolvedOptions,
  token: string,
  absoluteExpiresAt: number,
  now: number,
): CookieToSet {
  const maxAge = options.persistentCookie ? Math.floor((absoluteExpiresAt - now) / 1000) : undefined;
  return serializeCookie(options.cookieName, token, { ...options.cookie, maxAge });
}

/** Expires the session cookie with the same attributes it was set with. */
export function clearSessionCookie(options: ResolvedOptions): CookieToSet {
  return serializeCookie(options.cookieName, '', { ...options.cookie, maxAge: 0 });
}
