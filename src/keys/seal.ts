import type { Keyring } from './keyring.js';
import { createScopedSealer } from './scoped-sealer.js';
import { createSealer } from './sealer.js';

const FAILURE = 'Session data could not be opened';

// Values sealed under the data key of the secret itself: `$e1.<kid>.<nonce>.<ciphertext+tag>`.
// They are still opened (and re-sealed in the current format on their next write), never written.
const perSecret = createSealer({
  purpose: 'data',
  prefix: '$e1.',
  label: 'data',
  failure: FAILURE,
  // Sessions sealed before are read on every request too, until their next write re-seals them.
  cacheOpened: 4096,
});

// Session data at rest: `$e3.<kid>.<nonce>.<ciphertext+tag>` under a key derived per scope (one
// session, see core/data-codec.ts), bound to its session and version. Same length as `$e1`: the
// compact Redis record keeps its size. ($e2 was a per-hour format that was never released.)
const data = createScopedSealer({
  purpose: 'data',
  prefix: '$e3.',
  label: 'data',
  failure: FAILURE,
  previous: perSecret,
  // A session is read on every request and changes rarely: open each sealed value once.
  cacheOpened: 4096,
});

/** True when a stored value was sealed by {@link sealText} (in the current or the earlier format). */
export function isSealed(value: string): boolean {
  return data.isSealed(value);
}

/**
 * Encrypts with AES-256-GCM under the newest secret's data key for `scope` (one HKDF output per
 * scope), a random 96-bit nonce and `context` as AAD. Open with the same context and scope.
 */
export function sealText(
  keyring: Keyring,
  plaintext: string,
  context: string,
  scope: string,
): Promise<string> {
  return data.seal(keyring, plaintext, context, scope);
}

/**
 * Encrypts in the earlier format, under the newest secret's one data key (`$e1`): only for a
 * rolling upgrade, while processes that cannot open per-scope values share the store.
 */
export function sealTextPerSecret(keyring: Keyring, plaintext: string, context: string): Promise<string> {
  return perSecret.seal(keyring, plaintext, context);
}

/** Opens a sealed value; any failure (unknown key, tampering, wrong context) is ERR_DECRYPT_FAILED. */
export function openText(
  keyring: Keyring,
  value: string,
  context: string,
  scope: string,
): Promise<{ plaintext: string; kid: string }> {
  return data.open(keyring, value, context, scope);
}
