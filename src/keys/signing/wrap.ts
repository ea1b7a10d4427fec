import type { Keyring } from '../keyring.js';
import { createSealer } from '../sealer.js';

// A wrapped private key looks like `$w1.<keyring kid>.<nonce>.<ciphertext+tag>`. The AAD binds the
// signing key's own kid, so a wrapped key cannot be swapped under another kid in the store.
const PREFIX = '$w1.';
const wrap = createSealer({
  purpose: 'wrap',
  prefix: PREFIX,
  label: 'signing-key',
  failure: 'A signing key could not be unwrapped',
});

/** Encrypts a private JWK (JSON text) with the keyring's newest `wrap` key (AES-256-GCM). */
export function wrapPrivateKey(keyring: Keyring, signingKid: string, jwkJson: string): Promise<string> {
  return wrap.seal(keyring, jwkJson, signingKid);
}

/** Opens what {@link wrapPrivateKey} sealed; any failure is ERR_DECRYPT_FAILED (never the key). */
export async function unwrapPrivateKey(
  keyring: Keyring,
  signingKid: string,
  wrapped: string,
): Promise<string> {
  return (await wrap.open(keyring, wrapped, signingKid)).plaintext;
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
