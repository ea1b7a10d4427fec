import { sha256, timingSafeEqual } from '../lib/crypto.js';
import { fromBase64Url, toBase64Url, utf8 } from '../lib/encoding.js';
import { randomToken } from '../lib/random.js';
import { routeTag } from './route-tag.js';

/**
 * Public id (the handle used in listings and logs): a 4-character routing tag of the user id and
 * 18 random base64url characters (108 bits). Secret: 256 random bits.
 */
const ID_RANDOM_CHARS = 18;
const ID_BYTES = 14;
const SECRET_BYTES = 32;
const ID_CHARS = 22;
const SECRET_CHARS = 43;
export const SESSION_TOKEN_LENGTH = ID_CHARS + 1 + SECRET_CHARS;
const TOKEN_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export interface ParsedSessionToken {
  id: string;
  secret: string;
}

export interface MintedSessionToken extends ParsedSessionToken {
  token: string;
  secretHash: string;
}

/** Mints `<id>.<secret>` from the CSPRNG and the hash of its secret, the only part a store keeps. */
export async function mintSessionToken(userId: string): Promise<MintedSessionToken> {
  const id = routeTag(userId) + randomToken(ID_BYTES).slice(0, ID_RANDOM_CHARS);
  const secret = randomToken(SECRET_BYTES);
  return { id, secret, token: `${id}.${secret}`, secretHash: await hashSecret(secret) };
}

/**
 * Checks format and length before anything else looks at a token; null for anything malformed.
 * Cheap enough to run on every request, so that garbage never reaches the store.
 */
export function parseSessionToken(token: unknown): ParsedSessionToken | null {
  if (typeof token !== 'string' || token.length !== SESSION_TOKEN_LENGTH) return null;
  const match = TOKEN_PATTERN.exec(token);
  if (!match || !fromBase64Url(match[2]!)) return null;
  return { id: match[1]!, secret: match[2]! };
}

/** True when `id` has the shape of a session handle. */
export function isSessionId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** SHA-256 of the secret text, base64url. A store dump of these logs no one in. */
export async function hashSecret(secret: string): Promise<string> {
  return toBase64Url(await sha256(utf8(secret)));
}

/** Constant-time check of a presented secret against a stored hash. */
export async function secretMatches(secret: string, storedHash: string): Promise<boolean> {
  const stored = fromBase64Url(storedHash);
  if (!stored) return false;
  return timingSafeEqual(await sha256(utf8(secret)), stored);
}

export { ID_BYTES as SESSION_ID_BYTES, SECRET_BYTES as SESSION_SECRET_BYTES };
