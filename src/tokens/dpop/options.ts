import { SessionError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { KeyMaterial } from '../../lib/crypto.js';
import type { StoreGateway } from '../../stores/gateway.js';
import { DpopChecker } from './checker.js';
import { NonceIssuer } from './nonce.js';
import type { ReplayStore } from './replay.js';

/**
 * DPoP (RFC 9449) settings of a token service. DPoP is opt-in per client: a request that carries
 * a proof gets key-bound tokens, and a key-bound family then refuses every refresh without a
 * proof from its key.
 */
export interface DpopOptions {
  /** How old a proof's `iat` may be, in seconds (1–300). Default 60. */
  maxAgeSeconds?: number;
  /** Future skew tolerated on a proof's `iat`, in seconds (0–60). Default 5. */
  leewaySeconds?: number;
  /** Require server nonces on the token endpoints, renewed every `nonceWindowSeconds`. Default off. */
  requireNonce?: boolean;
  /** How long one nonce window lasts; a nonce is accepted for one to two windows. Default 300. */
  nonceWindowSeconds?: number;
}

/** The token service's proof checker; nonces are keyed from the keyring's refresh key. */
export function tokenEndpointChecker(
  options: DpopOptions | undefined,
  gateway: StoreGateway<ReplayStore>,
  clock: Clock,
  nonceKey: () => Promise<KeyMaterial>,
): DpopChecker {
  const o = options ?? {};
  const window = o.nonceWindowSeconds ?? 300;
  if (!Number.isInteger(window) || window < 10 || window > 3600) {
    throw new SessionError('ERR_CONFIG_INVALID', 'dpop.nonceWindowSeconds must be 10–3600');
  }
  return new DpopChecker({
    store: { gateway },
    clock,
    maxAgeSeconds: o.maxAgeSeconds,
    leewaySeconds: o.leewaySeconds,
    nonces: o.requireNonce ? new NonceIssuer(nonceKey, window * 1000) : null,
  });
}
