import type { ManagerContext } from '../../core/gateway.js';
import type { JwksDocument } from '../../keys/signing/jwks.js';
import { SIGNING_ALGORITHMS } from '../../keys/signing/keyset.js';
import type { ResolvedTokenOptions } from '../options.js';
import { type AccessTokenVerifier, createAccessTokenVerifier } from './verify.js';

/**
 * The token service's own verifier: the keys it trusts now (pending, signing, recently retired),
 * only the algorithms those keys have, and the configured revocation checks.
 */
export function serviceVerifier(
  jwks: JwksDocument,
  options: ResolvedTokenOptions,
  sessions: ManagerContext,
  dpop: { maxAgeSeconds?: number; leewaySeconds?: number } = {},
): AccessTokenVerifier {
  return createAccessTokenVerifier({
    jwks,
    issuer: options.issuer,
    audience: options.audience,
    algorithms: SIGNING_ALGORITHMS.filter((alg) => jwks.keys.some((k) => k.alg === alg)),
    leewaySeconds: options.leewaySeconds,
    clock: sessions.clock,
    revocation: { store: sessions.options.store, gateway: sessions.store, ...options.revocation },
    cacheSize: options.verifyCacheSize,
    dpop: { store: sessions.options.store, ...dpop },
  });
}
