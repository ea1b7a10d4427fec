import { SessionError } from '../../errors.js';
import { aesGcmDecrypt, aesGcmEncrypt } from '../../lib/crypto.js';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../../lib/encoding.js';
import { randomBytes } from '../../lib/random.js';
import type { Keyring } from '../keyring.js';

// A wrapped private key looks like `$w1.<keyring kid>.<nonce>.<ciphertext+tag>`. The AAD binds the
// signing key's own kid, so a wrapped key cannot be swapped under another kid in the store.
const PREFIX = '$w1.';
const NONCE_BYTES = 12;

/** Encrypts a private JWK (JSON text) with the keyring's newest `wrap` key (AES-256-GCM). */
export async function wrapPrivateKey(keyring: Keyring, signingKid: string, jwkJson: string): Promise<string> {
  const { kid, key } = await keyring.current('wrap');
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = await aesGcmEncrypt(key, nonce, utf8(jwkJson), aad(signingKid, kid));
  return `${PREFIX}${kid}.${toBase64Url(nonce)}.${toBase64Url(sealed)}`;
}

/** Opens what {@link wrapPrivateKey} sealed; any failure is ERR_DECRYPT_FAILED (never the key). */
export async function unwrapPrivateKey(
  keyring: Keyring,
  signingKid: string,
  wrapped: string,
): Promise<string> {
  if (!wrapped.startsWith(PREFIX)) throw unwrapFailed();
  const [kid, nonceText, sealedText, extra] = wrapped.slice(PREFIX.length).split('.');
  const nonce = nonceText ? fromBase64Url(nonceText) : null;
  const sealed = sealedText ? fromBase64Url(sealedText) : null;
  const key = kid ? await keyring.byKid('wrap', kid) : null;
  if (!key || !nonce || nonce.length !== NONCE_BYTES || !sealed || extra !== undefined) throw unwrapFailed();
  try {
    return fromUtf8(await aesGcmDecrypt(key, nonce, sealed, aad(signingKid, kid!)));
  } catch (cause) {
    throw unwrapFailed(cause);
  }
}

function aad(signingKid: string, wrapKid: string): Uint8Array {
  return utf8(`coatcheck:signing-key:v1|${signingKid}|${wrapKid}`);
}

function unwrapFailed(cause?: unknown): SessionError {
  return new SessionError('ERR_DECRYPT_FAILED', 'A signing key could not be unwrapped', { cause });
}

/** Re-wraps under the newest `wrap` key if an older one wrapped it; null when already current. */
export async function rewrapIfStale(
  keyring: Keyring,
  signingKid: string,
  wrapped: string,
): Promise<string | null> {
  const { kid } = await keyring.current('wrap');
  if (wrapped.startsWith(`${PREFIX}${kid}.`)) return null;
  return wrapPrivateKey(keyring, signingKid, await unwrapPrivateKey(keyring, signingKid, wrapped));
}
