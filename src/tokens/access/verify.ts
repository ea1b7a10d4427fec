import { type JWTVerifyGetKey, jwtVerify } from 'jose';
import { SessionError } from '../../errors.js';
import type { SigningAlgorithm } from '../../keys/signing/keyset.js';
import { type Clock, systemClock } from '../../lib/clock.js';
import type { DpopRequest } from '../dpop/proof.js';
import { VerifiedTokenCache } from './cache.js';
import { type AccessTokenClaims, hasRequiredClaims } from './claims.js';
import { bindingHolds, type VerifierDpopOptions, verifierChecker } from './dpop-binding.js';
import { headerAcceptable, payloadUnambiguous } from './header.js';
import { ACCESS_TOKEN_TYP } from './issue.js';
import { checkAlgorithms, keyLookup, type VerifierKeySource } from './keys.js';
import { type LegacyAppTokens, legacyUserId, legacyWindow } from './legacy-app.js';
import { notRevoked, type RevocationCheck, revocationGateway } from './revocation.js';

/** Options of {@link createAccessTokenVerifier}. */
export type AccessTokenVerifierOptions = VerifierKeySource & {
  /** The exact issuer expected in `iss`. */
  issuer: string;
  /**
   * Accepted audiences; the token's `aud` must contain one of them. A resource server of one app
   * names that app's audience only (the service's `appAudience` for it, by default the app's
   * name), so another app's tokens, and the operator's, are refused.
   */
  audience: string | readonly string[];
  /** Allowed algorithms, all asymmetric. Default `['EdDSA', 'ES256']`; add `PS256` to accept it. */
  algorithms?: readonly SigningAlgorithm[];
  /** Clock skew tolerated on exp/nbf/iat, in seconds, at most 60. Default 30. */
  leewaySeconds?: number;
  /** Instant revocation: `session` checks `sid` (one store read), `notBefore` the per-user time. */
  revocation?: RevocationCheck;
  /**
   * Keep up to this many verified tokens (by SHA-256) so a repeated token skips the signature
   * check until it expires; revocation checks still run every time. Default 0 (off).
   */
  cacheSize?: number;
  /** DPoP-bound tokens (`cnf.jkt`): how their proofs are checked. Without it, bound tokens are refused. */
  dpop?: VerifierDpopOptions;
  /**
   * Migration to app audiences: until `legacy.until`, also accept this app's tokens issued before
   * (shared audience, `sub` `<app>:<userId>`); they verify as the app's, never another app's.
   */
  legacy?: LegacyAppTokens;
  clock?: Clock;
};

/** A verified access token. */
export interface VerifiedAccessToken {
  /** The user id as the app knows it (`sub`): app-relative for an app's token. */
  userId: string;
  /** The app the token was issued to (the `app` claim), or null for an operator's or a library's. */
  app: string | null;
  sessionId: string;
  tokenId: string;
  issuedAt: number;
  expiresAt: number;
  claims: AccessTokenClaims;
}

/** Verifies access tokens for a resource server. */
export interface AccessTokenVerifier {
  /**
   * Resolves the token's claims; every failure is the same ERR_TOKEN_INVALID `invalid_token`, but
   * a bad DPoP proof, which is ERR_DPOP_INVALID. Pass `dpop` (the request's `DPoP` header, method
   * and URL) when the request said `Authorization: DPoP`; a DPoP-bound token needs it.
   */
  verify(token: string, dpop?: DpopRequest): Promise<VerifiedAccessToken>;
}

export const MAX_LEEWAY_SECONDS = 60;

/**
 * Creates a verifier: an allowlist of asymmetric algorithms, the key found by `kid` agreeing with
 * `alg`, `typ` at+jwt, exact `iss`, allowlisted `aud`, bounded leeway, the signature checked before
 * any claim, and one generic error for every failure. Embedded keys (`jwk`, `jku`, `x5u`, `x5c`)
 * are never trusted.
 *
 * @example
 * ```ts
 * import { createAccessTokenVerifier } from 'coatcheck/tokens';
 * const verifier = createAccessTokenVerifier({
 *   jwksUrl: 'https://auth.example.com/.well-known/jwks.json',
 *   issuer: 'https://auth.example.com',
 *   audience: 'https://api.example.com',
 * });
 * const { userId, sessionId } = await verifier.verify(bearerToken);
 * ```
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const algorithms = checkAlgorithms(options.algorithms ?? ['EdDSA', 'ES256']);
  const leeway = options.leewaySeconds ?? 30;
  if (!Number.isInteger(leeway) || leeway < 0 || leeway > MAX_LEEWAY_SECONDS) {
    throw new SessionError('ERR_CONFIG_INVALID', `leewaySeconds must be 0–${MAX_LEEWAY_SECONDS}`);
  }
  if (typeof options.issuer !== 'string' || options.issuer.length === 0) {
    throw new SessionError('ERR_CONFIG_INVALID', 'issuer is required');
  }
  const audience = typeof options.audience === 'string' ? [options.audience] : [...options.audience];
  if (audience.length === 0) throw new SessionError('ERR_CONFIG_INVALID', 'audience is required');
  const keys: JWTVerifyGetKey = keyLookup(options, algorithms);
  const clock = options.clock ?? systemClock;
  const legacy = legacyWindow(options.legacy, audience, clock.now());
  const revocation = options.revocation;
  const gateway = revocation ? revocationGateway(revocation) : null;
  const cache = new VerifiedTokenCache<VerifiedAccessToken>(options.cacheSize ?? 0);
  const checker = verifierChecker(options.dpop, clock);
  const settings = {
    algorithms: [...algorithms],
    issuer: options.issuer,
    audience: legacy ? [...audience, legacy.audience] : audience,
    typ: ACCESS_TOKEN_TYP,
    clockTolerance: leeway,
  };
  async function verifySignature(token: string): Promise<VerifiedAccessToken> {
    if (typeof token !== 'string' || !headerAcceptable(token, algorithms)) throw invalidToken();
    let claims: AccessTokenClaims;
    try {
      const result = await jwtVerify(token, keys, { ...settings, currentDate: new Date(clock.now()) });
      claims = result.payload as AccessTokenClaims;
    } catch (cause) {
      throw invalidToken(cause);
    }
    if (!hasRequiredClaims(claims) || !payloadUnambiguous(token)) throw invalidToken();
    // Without a legacy window jose has already refused every audience but the verifier's own.
    const legacyId = legacy ? legacyUserId(claims, audience, legacy, clock.now()) : undefined;
    if (legacyId === null) throw invalidToken();
    const { sid: sessionId, jti: tokenId } = claims;
    const userId = legacyId ?? claims.sub;
    const app = legacyId === undefined ? (claims.app ?? null) : legacy!.app;
    const times = { issuedAt: claims.iat * 1000, expiresAt: claims.exp * 1000 };
    return { userId, app, sessionId, tokenId, ...times, claims };
  }
  return {
    async verify(token: string, dpop?: DpopRequest): Promise<VerifiedAccessToken> {
      const key = options.cacheSize && typeof token === 'string' ? await VerifiedTokenCache.key(token) : null;
      let verified = key ? cache.get(key, clock.now() / 1000) : null;
      if (!verified) {
        verified = await verifySignature(token);
        // A legacy token (its app taken from `sub`) is never cached: its window may close first.
        const legacyForm = verified.app !== null && verified.claims.app === undefined;
        if (key && !legacyForm) cache.set(key, verified, verified.expiresAt / 1000 + leeway);
      }
      if (!(await bindingHolds(verified.claims, token, dpop, checker))) throw invalidToken();
      if (revocation && gateway && !(await notRevoked(revocation, gateway, verified.claims, clock.now()))) {
        throw invalidToken();
      }
      // A copy: the cached entry is shared by every caller, and one caller's edit of `claims`
      // must never change what the next caller of the same token is told.
      return { ...verified, claims: structuredClone(verified.claims) };
    },
  };
}

/** The one error every verification failure becomes (TK-6). */
export function invalidToken(cause?: unknown): SessionError {
  return new SessionError('ERR_TOKEN_INVALID', 'invalid_token', cause === undefined ? undefined : { cause });
}
