import { hmacSha256, KeyMaterial, timingSafeEqual } from '../../lib/crypto.js';
import { utf8 } from '../../lib/encoding.js';

const MAX_LEGACY_COOKIE = 512;

/**
 * Which library signed the legacy cookie. Both sign `<sid>` with HMAC-SHA256 (base64, padding
 * removed) and URL-encode the result; they differ in the envelope:
 * - `express-session`: `s:<sid>.<signature>` in `connect.sid` (cookie-signature);
 * - `fastify-session`: `<sid>.<signature>` in `sessionId`, optionally behind `cookiePrefix`
 *   (@fastify/session with @fastify/cookie's signer, its default `sha256` algorithm).
 */
export type LegacyCookieFormat = 'express-session' | 'fastify-session';

/** Each format's default cookie name. */
export const LEGACY_COOKIE_NAMES: Record<LegacyCookieFormat, string> = {
  'express-session': 'connect.sid',
  'fastify-session': 'sessionId',
};

/** express-session's or @fastify/session's secrets (newest first), ready for HMAC. */
export function legacyKeys(secrets: readonly string[]): KeyMaterial[] {
  return secrets.filter((s) => s.length > 0).map((s) => new KeyMaterial(utf8(s)));
}

function base64NoPad(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/=+$/, '');
}

/**
 * Verifies a legacy cookie value (usually URL-encoded) against the legacy secrets, as
 * cookie-signature and @fastify/cookie's signer do, in constant time. Returns the session id, or
 * null for anything unsigned, forged or malformed.
 */
export async function unsignLegacyCookie(
  raw: string,
  keys: readonly KeyMaterial[],
  format: LegacyCookieFormat = 'express-session',
  cookiePrefix = '',
): Promise<string | null> {
  if (raw.length > MAX_LEGACY_COOKIE * 3) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const envelope = format === 'express-session' ? 's:' : cookiePrefix;
  if (!value.startsWith(envelope) || value.length > MAX_LEGACY_COOKIE) return null;
  value = value.slice(envelope.length);
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const sid = value.slice(0, dot);
  const presented = utf8(value.slice(dot + 1));
  for (const key of keys) {
    const expected = utf8(base64NoPad(await hmacSha256(key, utf8(sid))));
    if (timingSafeEqual(expected, presented)) return sid;
  }
  return null;
}
