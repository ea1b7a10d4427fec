import { SessionError } from '../errors.js';
import { fromBase64Url } from '../lib/encoding.js';

/** One configured secret: its key id and raw bytes. */
export interface SecretEntry {
  kid: string;
  bytes: Uint8Array;
}

export const MIN_SECRET_BYTES = 32;
const KID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * Parses `"k2:<base64url>,k1:<base64url>"` (newest first). Every entry is checked, not just the
 * first: one weak or malformed key refuses the whole set. Errors never echo a secret.
 */
export function parseSecrets(text: string): SecretEntry[] {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (entries.length === 0) throw new SessionError('ERR_CONFIG_INVALID', 'No secrets configured');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const kid = colon > 0 ? entry.slice(0, colon) : '';
    if (!KID_PATTERN.test(kid)) {
      throw new SessionError('ERR_CONFIG_INVALID', `Secret #${index + 1} needs a key id: "<kid>:<secret>"`);
    }
    if (seen.has(kid)) throw new SessionError('ERR_CONFIG_INVALID', `Key id "${kid}" appears twice`);
    seen.add(kid);
    return { kid, bytes: decodeStrongSecret(entry.slice(colon + 1), kid) };
  });
}

function decodeStrongSecret(value: string, kid: string): Uint8Array {
  const bytes = fromBase64Url(value);
  if (!bytes || bytes.length < MIN_SECRET_BYTES) {
    throw new SessionError(
      'ERR_CONFIG_WEAK',
      `Secret "${kid}" must be base64url of at least ${MIN_SECRET_BYTES} random bytes (try: coatcheck secret generate)`,
    );
  }
  if (looksLikePassword(value, bytes)) {
    throw new SessionError('ERR_CONFIG_WEAK', `Secret "${kid}" looks like a password, not random bytes`);
  }
  return bytes;
}

// Random base64url text uses many distinct characters (about 31 of 64 in 43) and its bytes have
// few repeats; a password-like string ("passwordpassword…", "aaaa…") that happens to decode does
// not. A rule must never refuse a random secret: 1 in 8,000 random ones are letters only.
function looksLikePassword(text: string, bytes: Uint8Array): boolean {
  const distinctChars = new Set(text).size;
  const distinctBytes = new Set(bytes).size;
  return distinctChars < 20 || distinctBytes < bytes.length / 2;
}
