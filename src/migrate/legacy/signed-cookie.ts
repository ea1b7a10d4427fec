import { hmacSha256, KeyMaterial, timingSafeEqual } from '../../lib/crypto.js';
import { utf8 } from '../../lib/encoding.js';

const MAX_LEGACY_COOKIE = 512;

/** express-session's secrets (newest first), ready for HMAC. */
export function legacyKeys(secrets: readonly string[]): KeyMaterial[] {
  return secrets.filter((s) => s.length > 0).map((s) => new KeyMaterial(utf8(s)));
}

function base64NoPad(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/=+$/, '');
}

/**
 * Verifies an express-session cookie value (`s:<sid>.<signature>`, usually URL-encoded) against the
 * legacy secrets, as cookie-signature does (HMAC-SHA256, base64 without padding), in constant
 * time. Returns the session id, or null for anything unsigned, forged or malformed.
 */
export async function unsignLegacyCookie(raw: string, keys: readonly KeyMaterial[]): Promise<string | null> {
  if (raw.length > MAX_LEGACY_COOKIE * 3) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (!value.startsWith('s:') || value.length > MAX_LEGACY_COOKIE) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 2) return null;
  const sid = value.slice(2, dot);
  const presented = utf8(value.slice(dot + 1));
  for (const key of keys) {
    const expected = utf8(base64NoPad(await hmacSha256(key, utf8(sid))));
    if (timingSafeEqual(expected, presented)) return sid;
  }
  return null;
}
