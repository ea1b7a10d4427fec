import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { SessionError } from '../../errors.js';
import { randomToken } from '../../lib/random.js';
import type { Keyring } from '../keyring.js';
import { wrapPrivateKey } from './wrap.js';

/** JWS algorithms coatcheck signs access tokens with. EdDSA means Ed25519. */
export type SigningAlgorithm = 'EdDSA' | 'ES256' | 'PS256';

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['EdDSA', 'ES256', 'PS256'];
/** RSA keys are generated at this size (SECURITY.md CR-1: RSA >= 3072 only for PS*). */
export const RSA_MODULUS_BITS = 3072;
export const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** The public half of a signing key as published in JWKS: public members plus kid, alg, use. */
export interface PublicSigningJwk {
  kty: string;
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

/** One signing key as the store keeps it: the private half only wrapped by the keyring. */
export interface StoredSigningKey {
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: PublicSigningJwk;
  wrappedPrivateKey: string;
  createdAt: number;
  /** From this time on (ms) the key may sign; before it, it is only published. */
  activatesAt: number;
}

/** When keys are made, start signing and disappear. All values in milliseconds. */
export interface KeysetPolicy {
  alg: SigningAlgorithm;
  /** How long a key signs before its successor takes over. */
  rotateEveryMs: number;
  /** How long a new key is published before it signs: at least the maximum JWKS cache age. */
  publishAheadMs: number;
  /** How long a retired key stays published: at least the maximum access-token TTL plus leeway. */
  retainMs: number;
}

/** The shared keyset document, read and written with the store's versioned compare-and-set. */
export interface SigningKeyset {
  keys: StoredSigningKey[];
  /** The policy every process sharing the keyset follows (absent in documents written before it). */
  policy?: KeysetPolicy;
}

export const KEYSET_DOCUMENT = 'coatcheck:signing-keys:v1';

export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return typeof value === 'string' && (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

function isKeysetPolicy(value: unknown): value is KeysetPolicy {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  const duration = (n: unknown): boolean => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  return (
    isSigningAlgorithm(p.alg) &&
    duration(p.rotateEveryMs) &&
    duration(p.publishAheadMs) &&
    duration(p.retainMs)
  );
}

/** Generates a key pair, publishes only its public members, and wraps the private half. */
export async function generateSigningKey(
  keyring: Keyring,
  alg: SigningAlgorithm,
  now: number,
  activatesAt: number,
): Promise<StoredSigningKey> {
  const options =
    alg === 'PS256' ? { extractable: true, modulusLength: RSA_MODULUS_BITS } : { extractable: true };
  const pair = await generateKeyPair(alg, options);
  const kid = randomToken(16);
  const privateJwk = await exportJWK(pair.privateKey);
  const publicJwk = toPublicJwk(await exportJWK(pair.publicKey), kid, alg);
  const wrappedPrivateKey = await wrapPrivateKey(keyring, kid, JSON.stringify({ ...privateJwk, kid, alg }));
  return { kid, alg, publicJwk, wrappedPrivateKey, createdAt: now, activatesAt };
}

/** Keeps only the public members of a JWK; private members (`d`, `p`, `q`, …) never pass. */
export function toPublicJwk(jwk: JWK, kid: string, alg: SigningAlgorithm): PublicSigningJwk {
  const out: PublicSigningJwk = { kty: String(jwk.kty), kid, alg, use: 'sig' };
  for (const member of ['crv', 'x', 'y', 'n', 'e'] as const) {
    const value = jwk[member];
    if (typeof value === 'string') out[member] = value;
  }
  return out;
}

/** Parses the stored keyset; a corrupt document fails closed. */
export function parseKeyset(text: string): SigningKeyset {
  try {
    const parsed = JSON.parse(text) as SigningKeyset;
    if (!Array.isArray(parsed.keys)) throw new Error('keys missing');
    for (const key of parsed.keys) {
      if (!KID_PATTERN.test(key.kid) || !isSigningAlgorithm(key.alg)) throw new Error('bad key entry');
    }
    if (parsed.policy !== undefined && !isKeysetPolicy(parsed.policy)) throw new Error('bad policy');
    return parsed;
  } catch (cause) {
    throw new SessionError('ERR_CONFIG_INVALID', 'The stored signing keyset is corrupt', { cause });
  }
}
