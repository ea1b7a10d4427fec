import type { Keyring } from '../../keys/keyring.js';
import { hmacSha256, type KeyMaterial, sha256, timingSafeEqual } from '../../lib/crypto.js';
import { fromBase64Url, toBase64Url, utf8 } from '../../lib/encoding.js';
import { randomToken } from '../../lib/random.js';

/**
 * `rt_<familyId>.<secret>.<tag>`: a 128-bit family id, a 256-bit secret and a 128-bit issuance tag
 * (see tag.ts). The `rt_` prefix makes the first part 25 characters, which is never valid
 * base64url, so it never parses as a JWT.
 */
const FAMILY_BYTES = 16;
const SECRET_BYTES = 32;
const PATTERN = /^rt_([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/;
export const REFRESH_TOKEN_LENGTH = 3 + 22 + 1 + 43 + 1 + 22;

export interface ParsedRefreshToken {
  familyId: string;
  secret: string;
  /** The issuance tag, unchecked: a parse proves the shape only. */
  tag: string;
}

/** Format and length first; null for anything that is not a refresh token. Checks no tag. */
export function parseRefreshToken(token: unknown): ParsedRefreshToken | null {
  if (typeof token !== 'string' || token.length !== REFRESH_TOKEN_LENGTH) return null;
  const match = PATTERN.exec(token);
  if (!match) return null;
  const familyId = match[1]!;
  const secret = match[2]!;
  const tag = match[3]!;
  if (!fromBase64Url(familyId) || !fromBase64Url(secret) || !fromBase64Url(tag)) return null;
  return { familyId, secret, tag };
}

export function formatRefreshToken(familyId: string, secret: string, tag: string): string {
  return `rt_${familyId}.${secret}.${tag}`;
}

/** A new family id and first secret from the CSPRNG. */
export function mintFamily(): { familyId: string; secret: string } {
  return { familyId: randomToken(FAMILY_BYTES), secret: randomToken(SECRET_BYTES) };
}

/** SHA-256 of the secret, base64url: all the store keeps. */
export async function hashRefreshSecret(secret: string): Promise<string> {
  return toBase64Url(await sha256(utf8(secret)));
}

/** Constant-time check of a presented secret's hash against a stored hash. */
export function hashMatches(presentedHash: string, storedHash: string | null): boolean {
  if (storedHash === null) return false;
  const a = fromBase64Url(presentedHash);
  const b = fromBase64Url(storedHash);
  return a !== null && b !== null && timingSafeEqual(a, b);
}

/**
 * The successor of a secret: HMAC(refresh key, familyId ‖ generation ‖ presented secret). The same
 * inputs always give the same successor, so a retry inside the grace window gets the very token
 * the first request got, and no plaintext token is ever stored.
 */
export async function successorSecret(
  key: KeyMaterial,
  familyId: string,
  generation: number,
  secret: string,
): Promise<string> {
  const mac = await hmacSha256(key, utf8(`coatcheck:refresh:v1|${familyId}|${generation}|${secret}`));
  return toBase64Url(mac);
}

/**
 * Re-derives the successor a predecessor was rotated to, trying every keyring key (newest first),
 * so a keyring rotation inside the grace window still gives the same answer. Returns the key that
 * derived it too: the successor is tagged with that key, so the answer is the same token byte for
 * byte. Null if none matches.
 */
export async function findSuccessor(
  keyring: Keyring,
  familyId: string,
  generation: number,
  secret: string,
  currentHash: string,
): Promise<{ secret: string; key: KeyMaterial } | null> {
  for (const { key } of await keyring.all('refresh')) {
    const candidate = await successorSecret(key, familyId, generation, secret);
    if (hashMatches(await hashRefreshSecret(candidate), currentHash)) return { secret: candidate, key };
  }
  return null;
}
