import type { Keyring } from './keyring.js';
import { createSealer } from './sealer.js';

// Session data at rest: `$e1.<kid>.<nonce>.<ciphertext+tag>`, bound to its session and version.
const data = createSealer({
  purpose: 'data',
  prefix: '$e1.',
  label: 'data',
  failure: 'Session data could not be opened',
  // A session is read on every request and changes rarely: open each sealed value once.
  cacheOpened: 4096,
});

/** True when a stored value was sealed by {@link sealText}. */
export function isSealed(value: string): boolean {
  return data.isSealed(value);
}

/** Encrypts with AES-256-GCM under the newest data key, a random 96-bit nonce and `context` as AAD. */
export function sealText(keyring: Keyring, plaintext: string, context: string): Promise<string> {
  return data.seal(keyring, plaintext, context);
}

/** Opens a sealed value; any failure (unknown key, tampering, wrong context) is ERR_DECRYPT_FAILED. */
export function openText(
  keyring: Keyring,
  value: string,
  context: string,
): Promise<{ plaintext: string; kid: string }> {
  return data.open(keyring, value, context);
}
