import { SignJWT } from 'jose';
import type { ActiveSigner } from '../../keys/signing/provider.js';
import type { AccessTokenClaims } from './claims.js';

/** The media type of coatcheck access tokens (RFC 9068). */
export const ACCESS_TOKEN_TYP = 'at+jwt';

/** Signs a claim set as a compact JWS with `typ: at+jwt` and the signer's `kid` and `alg`. */
export function signAccessToken(signer: ActiveSigner, claims: AccessTokenClaims): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: ACCESS_TOKEN_TYP })
    .sign(signer.key);
}
