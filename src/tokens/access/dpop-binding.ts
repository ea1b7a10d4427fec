import type { Clock } from '../../lib/clock.js';
import { DpopChecker } from '../dpop/checker.js';
import type { DpopRequest } from '../dpop/proof.js';
import type { ReplayStore } from '../dpop/replay.js';
import type { AccessTokenClaims } from './claims.js';

/** DPoP settings of an access-token verifier (a resource server). */
export interface VerifierDpopOptions {
  /** Where proof `jti`s are remembered (one insert-if-absent per request): a coatcheck store. */
  store: ReplayStore;
  /** How old a proof's `iat` may be, in seconds. Default 60. */
  maxAgeSeconds?: number;
  /** Future skew tolerated on a proof's `iat`, in seconds. Default 5. */
  leewaySeconds?: number;
}

/** The verifier's proof checker, or null when DPoP is not configured (bound tokens are then refused). */
export function verifierChecker(options: VerifierDpopOptions | undefined, clock: Clock): DpopChecker | null {
  if (!options) return null;
  return new DpopChecker({ ...options, clock });
}

/**
 * RFC 9449 §7: a token with `cnf.jkt` is accepted only with `Authorization: DPoP` and a proof from
 * that key carrying `ath`; a bound token sent as Bearer, or an unbound one sent as DPoP, is refused.
 * Returns false for a binding mismatch; a bad proof throws ERR_DPOP_INVALID.
 */
export async function bindingHolds(
  claims: AccessTokenClaims,
  token: string,
  dpop: DpopRequest | undefined,
  checker: DpopChecker | null,
): Promise<boolean> {
  const cnf = claims.cnf;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as { jkt?: unknown }).jkt : undefined;
  if (cnf !== undefined && typeof jkt !== 'string') return false;
  if (jkt === undefined) return dpop === undefined;
  if (dpop === undefined || checker === null) return false;
  const proof = await checker.check(dpop, token);
  return proof.jkt === jkt;
}
