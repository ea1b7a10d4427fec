import type { Keyring } from './keyring.js';
import { createPeriodSealer } from './period-sealer.js';
import { createSealer } from './sealer.js';

const FAILURE = 'Session data could not be opened';

// Session data at rest: `$e2.<kid>.<hour>.<nonce>.<ciphertext+tag>` under an hourly data key (the
// nonce budget, CR-3), bound to its session and version. Values sealed before as
// `$e1.<kid>.<nonce>.<ciphertext+tag>` (one key per secret) still open, and are re-sealed as
// `$e2` on their next write.
const data = createPeriodSealer({
  purpose: 'data',
  prefix: '$e2.',
  label: 'data',
  failure: FAILURE,
  periodSeconds: 3600,
  previous: createSealer({ purpose: 'data', prefix: '$e1.', label: 'data', failure: FAILURE }),
  // A session is read on every request and changes rarely: open each sealed value once.
  cacheOpened: 4096,
});

/** True when a stored value was sealed by {@link sealText}. */
export function isSealed(value: string): boolean {
  return data.isSealed(value);
}

/** Encrypts with AES-256-GCM under this hour's data key of the newest secret, a random 96-bit nonce and `context` as AAD. */
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
