import { isSessionError } from '../errors.js';
import type { EventContext } from '../events/types.js';
import type { VerifiedAccessToken } from '../tokens/access/verify.js';
import { type HttpRefusal, refusal } from './errors.js';

/** What verifies a bearer token: a `TokenService` or an `AccessTokenVerifier` (`coatcheck/tokens`). */
export interface BearerVerifier {
  verify(accessToken: string, ctx?: EventContext): Promise<VerifiedAccessToken>;
}

/** The bearer guard's answer: the verified token, or a refusal to send as is. */
export type BearerResult =
  | { ok: true; accessToken: VerifiedAccessToken }
  | { ok: false; refusal: HttpRefusal };

// Longer than any token coatcheck issues by far; a bigger header is refused before any parsing.
const MAX_TOKEN_LENGTH = 4096;
// RFC 6750 section 2.1: the scheme is case-insensitive, the token is b64token.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The bearer-token check every adapter's `requireAccessToken` shares (RFC 6750): no token is a
 * 401 with `WWW-Authenticate: Bearer`; a bad one a 401 with `error="invalid_token"`, the same for
 * every reason; a store outage during a revocation check a 503. Other errors are thrown.
 *
 * @example
 * ```ts
 * import { createBearerGuard } from 'coatcheck/http';
 * const check = createBearerGuard(tokens);
 * const result = await check(request.headers.get('authorization'));
 * ```
 */
export function createBearerGuard(
  verifier: BearerVerifier,
): (authorization: string | null | undefined, ctx?: EventContext) => Promise<BearerResult> {
  return async function checkBearer(authorization, ctx = {}): Promise<BearerResult> {
    if (!authorization || !/^bearer\s+\S/i.test(authorization)) {
      const challenge = { 'WWW-Authenticate': 'Bearer' };
      return {
        ok: false,
        refusal: refusal('ERR_UNAUTHORIZED', 'A bearer access token is required', challenge),
      };
    }
    const token = authorization.length <= MAX_TOKEN_LENGTH ? BEARER.exec(authorization)?.[1] : undefined;
    try {
      if (token) return { ok: true, accessToken: await verifier.verify(token, ctx) };
    } catch (error) {
      if (isSessionError(error, 'ERR_STORE_UNAVAILABLE')) return { ok: false, refusal: refusal(error.code) };
      if (!isSessionError(error, 'ERR_TOKEN_INVALID')) throw error;
    }
    const challenge = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };
    return { ok: false, refusal: refusal('ERR_TOKEN_INVALID', 'invalid_token', challenge) };
  };
}
