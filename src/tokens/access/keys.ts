import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { SessionError } from '../../errors.js';
import type { JwksDocument } from '../../keys/signing/jwks.js';
import { isSigningAlgorithm, KID_PATTERN, type SigningAlgorithm } from '../../keys/signing/keyset.js';

/** Where a verifier gets its keys: a local JWKS, or one exact JWKS URL fetched with bounds. */
export type VerifierKeySource =
  | { jwks: JwksDocument }
  | {
      /** The one JWKS URL trusted (https, or http on loopback). Token headers never add another. */
      jwksUrl: string;
      /** Fetch timeout. Default 5000. */
      timeoutMs?: number;
      /** Minimum time between refetches on an unknown kid. Default 30000. */
      cooldownMs?: number;
      /** How long a fetched JWKS is used. Default 600000. */
      cacheMaxAgeMs?: number;
    };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
// A 3072-bit modulus is 384 bytes: 512 base64url characters (SECURITY.md CR-1, CR-5).
const RSA_MIN_N_CHARS = 512;

/** Builds jose's key lookup; a key is only found by `kid` and must agree with the header `alg`. */
export function keyLookup(
  source: VerifierKeySource,
  algorithms: readonly SigningAlgorithm[],
): JWTVerifyGetKey {
  if ('jwks' in source) {
    for (const jwk of source.jwks.keys as unknown as Record<string, unknown>[]) {
      if (typeof jwk.kid !== 'string' || !KID_PATTERN.test(jwk.kid))
        throw invalid('every key needs a valid kid');
      if (!isSigningAlgorithm(jwk.alg) || !algorithms.includes(jwk.alg))
        throw invalid('every key needs an allowed alg');
      if ('d' in jwk || 'k' in jwk) throw invalid('a verifier takes public keys only');
      if (jwk.kty === 'RSA' && (typeof jwk.n !== 'string' || jwk.n.length < RSA_MIN_N_CHARS)) {
        throw invalid('RSA keys must have at least 3072 bits');
      }
    }
    return createLocalJWKSet({ keys: source.jwks.keys.map((k) => ({ ...k })) });
  }
  const url = parseJwksUrl(source.jwksUrl);
  return createRemoteJWKSet(url, {
    timeoutDuration: source.timeoutMs ?? 5000,
    cooldownDuration: source.cooldownMs ?? 30_000,
    cacheMaxAge: source.cacheMaxAgeMs ?? 600_000,
  });
}

function parseJwksUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('jwksUrl is not a URL');
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure) throw invalid('jwksUrl must be https (http only on loopback)');
  if (url.username || url.password || url.hash)
    throw invalid('jwksUrl must not carry credentials or a fragment');
  return url;
}

function invalid(message: string): SessionError {
  return new SessionError('ERR_CONFIG_INVALID', `Access-token verifier: ${message}`);
}

/** Checks a verifier's algorithm allowlist: a non-empty subset of the asymmetric ones. */
export function checkAlgorithms(algorithms: readonly SigningAlgorithm[]): readonly SigningAlgorithm[] {
  if (algorithms.length === 0 || !algorithms.every(isSigningAlgorithm)) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'algorithms must be a non-empty subset of EdDSA, ES256, PS256',
    );
  }
  return [...algorithms];
}
