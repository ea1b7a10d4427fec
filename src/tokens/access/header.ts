import { KID_PATTERN, type SigningAlgorithm } from '../../keys/signing/keyset.js';
import { fromBase64Url, fromUtf8 } from '../../lib/encoding.js';
import { hasDuplicateTopLevelKeys } from '../../lib/json-keys.js';

/** Largest access token accepted, in characters; anything longer is refused unparsed. */
export const MAX_ACCESS_TOKEN_LENGTH = 8192;
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// Headers that would let a token choose its own key, or change how it is processed: never trusted.
const FORBIDDEN = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit', 'b64', 'zip', 'enc'];

/**
 * Cheap structural checks before any cryptography: compact form with strict base64url, a JSON
 * object header with an allowlisted `alg`, a well-formed `kid`, `typ` at+jwt, and none of the
 * headers that could smuggle a key. Returns false for anything else.
 */
export function headerAcceptable(token: string, algorithms: readonly SigningAlgorithm[]): boolean {
  if (token.length > MAX_ACCESS_TOKEN_LENGTH || !COMPACT.test(token)) return false;
  if (!canonicalTail(token.slice(token.lastIndexOf('.') + 1))) return false;
  const bytes = fromBase64Url(token.slice(0, token.indexOf('.')));
  if (!bytes) return false;
  let header: unknown;
  try {
    const text = fromUtf8(bytes);
    header = JSON.parse(text);
    if (hasDuplicateTopLevelKeys(text)) return false;
  } catch {
    return false;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return false;
  const h = header as Record<string, unknown>;
  if (typeof h.alg !== 'string' || !(algorithms as readonly string[]).includes(h.alg)) return false;
  if (typeof h.kid !== 'string' || !KID_PATTERN.test(h.kid)) return false;
  if (h.typ !== 'at+jwt' && h.typ !== 'application/at+jwt') return false;
  return !FORBIDDEN.some((name) => Object.hasOwn(h, name));
}

/** True when the (already verified) payload has no duplicate member names. */
export function payloadUnambiguous(token: string): boolean {
  const first = token.indexOf('.');
  const bytes = fromBase64Url(token.slice(first + 1, token.indexOf('.', first + 1)));
  if (!bytes) return false;
  try {
    return !hasDuplicateTopLevelKeys(fromUtf8(bytes));
  } catch {
    return false;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// The characters are already known to be base64url; a spelling is canonical when its length is
// possible and the unused low bits of the last character are zero. O(1), so the signature part
// (up to 512 characters for PS256) is not decoded twice.
function canonicalTail(part: string): boolean {
  const rest = part.length % 4;
  if (rest === 1) return false;
  if (rest === 0) return true;
  const value = ALPHABET.indexOf(part.at(-1)!);
  return (value & (rest === 2 ? 0x0f : 0x03)) === 0;
}
