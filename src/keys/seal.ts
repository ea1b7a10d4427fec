import { SessionError } from '../errors.js';
import { aesGcmDecrypt, aesGcmEncrypt } from '../lib/crypto.js';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../lib/encoding.js';
import { randomBytes } from '../lib/random.js';
import type { Keyring } from './keyring.js';

// Sealed values look like `$e1.<kid>.<nonce>.<ciphertext+tag>`, so a reader can tell them from
// plain JSON, knows which key opens them, and can re-seal with the newest key on the next write.
const PREFIX = '$e1.';
const NONCE_BYTES = 12;

/** True when a stored value was sealed by {@link sealText}. */
export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Encrypts with AES-256-GCM under the newest data key, a random 96-bit nonce and `context` as AAD. */
export async function sealText(keyring: Keyring, plaintext: string, context: string): Promise<string> {
  const { kid, key } = await keyring.current('data');
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = await aesGcmEncrypt(key, nonce, utf8(plaintext), aad(context, kid));
  return `${PREFIX}${kid}.${toBase64Url(nonce)}.${toBase64Url(sealed)}`;
}

/** Opens a sealed value; any failure (unknown key, tampering, wrong context) is ERR_DECRYPT_FAILED. */
export async function openText(
  keyring: Keyring,
  value: string,
  context: string,
): Promise<{ plaintext: string; kid: string }> {
  const [kid, nonceText, sealedText, extra] = value.slice(PREFIX.length).split('.');
  const nonce = nonceText ? fromBase64Url(nonceText) : null;
  const sealed = sealedText ? fromBase64Url(sealedText) : null;
  const key = kid ? await keyring.byKid('data', kid) : null;
  if (!key || !nonce || nonce.length !== NONCE_BYTES || !sealed || extra !== undefined) throw decryptFailed();
  try {
    const plaintext = fromUtf8(await aesGcmDecrypt(key, nonce, sealed, aad(context, kid!)));
    return { plaintext, kid: kid! };
  } catch (cause) {
    throw decryptFailed(cause);
  }
}

function aad(context: string, kid: string): Uint8Array {
  return utf8(`coatcheck:data:v1|${context}|${kid}`);
}

function decryptFailed(cause?: unknown): SessionError {
  return new SessionError('ERR_DECRYPT_FAILED', 'Session data could not be opened', { cause });
}
