// `coatcheck/tokens`: JWT access tokens, rotating refresh tokens, signing keys and JWKS.
// Only our own names; nothing from jose is re-exported.
export type { JwksDocument, JwksResponse } from '../keys/signing/jwks.js';
export type { PublicSigningJwk, SigningAlgorithm } from '../keys/signing/keyset.js';
export type { AccessTokenClaims } from './access/claims.js';
export type { VerifierDpopOptions } from './access/dpop-binding.js';
export type { VerifierKeySource } from './access/keys.js';
export type { LegacyAppTokens } from './access/legacy-app.js';
export type { RevocationCheck } from './access/revocation.js';
export {
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
  createAccessTokenVerifier,
  type VerifiedAccessToken,
} from './access/verify.js';
export type { DpopOptions } from './dpop/options.js';
export type { DpopRequest } from './dpop/proof.js';
export type { TokenServiceOptions } from './options.js';
export { handleRefreshRequest, type RefreshHttpResponse } from './refresh/http.js';
export { isRefreshToken } from './refresh/public.js';
export { createTokenService, TokenService } from './service.js';
export type { TokenPair, TokenSubject } from './types.js';
