import type { Keyring } from '../keys/keyring.js';
import { hmacSha256, timingSafeEqual } from '../lib/crypto.js';
import { fromBase64Url, toBase64Url, utf8 } from '../lib/encoding.js';

// `<kid>.<HMAC(csrf key, session id)>`: bound to the session, so it changes whenever the session id
// rotates (login, regenerate), and verifiable by every instance without storing anything.
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{43})$/;

async function mac(keyring: Keyring, kid: string, sessionId: string): Promise<Uint8Array | null> {
  const key = await keyring.byKid('csrf', kid);
  return key ? hmacSha256(key, utf8(`coatcheck:csrf:v1|${sessionId}`)) : null;
}

/**
 * The CSRF token for a session, signed with the newest key. Send it to the page (it is not secret
 * from the page) and expect it back in the `X-CSRF-Token` header or a `_csrf` form field.
 *
 * @example
 * ```ts
 * import { createCsrfToken } from 'coatcheck';
 * const csrfToken = await createCsrfToken(keyring, session.id);
 * ```
 */
export async function createCsrfToken(keyring: Keyring, sessionId: string): Promise<string> {
  const { kid } = await keyring.current('csrf');
  return `${kid}.${toBase64Url((await mac(keyring, kid, sessionId))!)}`;
}

/**
 * Checks a CSRF token against a session in constant time; tokens from retired keys fail.
 *
 * @example
 * ```ts
 * import { verifyCsrfToken } from 'coatcheck';
 * if (!(await verifyCsrfToken(keyring, session.id, request.headers.get('x-csrf-token')))) reject();
 * ```
 */
export async function verifyCsrfToken(
  keyring: Keyring,
  sessionId: string,
  token: string | null | undefined,
): Promise<boolean> {
  const match = typeof token === 'string' ? TOKEN_PATTERN.exec(token) : null;
  const presented = match ? fromBase64Url(match[2]!) : null;
  if (!match || !presented) return false;
  const expected = await mac(keyring, match[1]!, sessionId);
  return expected !== null && timingSafeEqual(presented, expected);
}
