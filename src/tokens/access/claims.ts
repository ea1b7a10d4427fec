import { isAppName } from '../../core/gateway.js';
import { SessionError } from '../../errors.js';

/** Claims coatcheck sets itself; they can never be allowlisted as extra claims. */
export const REGISTERED_CLAIMS: readonly string[] = [
  'iss',
  'aud',
  'sub',
  'app',
  'sid',
  'iat',
  'exp',
  'nbf',
  'jti',
  'typ',
  'cnf',
  'client_id',
];

/** The claims of a coatcheck access token (RFC 9068 profile) plus allowlisted extras. */
export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  /** The user id: relative to `app` when there is one, else as stored. */
  sub: string;
  /** The app (tenant) the token was issued to; absent on operator and library tokens. */
  app?: string;
  sid: string;
  iat: number;
  exp: number;
  jti: string;
  [extra: string]: unknown;
}

/** Checks an extra-claim allowlist at configuration time. */
export function checkClaimAllowlist(names: readonly string[]): readonly string[] {
  for (const name of names) {
    if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_:.-]{0,63}$/.test(name)) {
      throw new SessionError('ERR_CONFIG_INVALID', 'extraClaims holds an invalid claim name');
    }
    if (REGISTERED_CLAIMS.includes(name)) {
      throw new SessionError(
        'ERR_CONFIG_INVALID',
        `extraClaims cannot include the registered claim "${name}"`,
      );
    }
  }
  return [...names];
}

/** Builds the claim set: registered claims, then only extras named in `allowlist`. */
export function buildClaims(
  base: {
    issuer: string;
    audience: string | string[];
    subject: string;
    app?: string | null;
    sessionId: string;
    jkt?: string | null;
  },
  now: number,
  ttlSeconds: number,
  extra: Record<string, unknown> | undefined,
  allowlist: readonly string[],
): AccessTokenClaims {
  const iat = Math.floor(now / 1000);
  const claims: AccessTokenClaims = {
    iss: base.issuer,
    aud: base.audience,
    sub: base.subject,
    sid: base.sessionId,
    iat,
    exp: iat + ttlSeconds,
    // 122 random bits from the platform CSPRNG; randomUUID is pooled and far cheaper per call.
    jti: crypto.randomUUID(),
  };
  // The subject is the app's own user id; the app names whose (docs/tokens.md, "Apps").
  if (base.app) claims.app = base.app;
  // RFC 9449 §6: a DPoP-bound token names its key's thumbprint.
  if (base.jkt) claims.cnf = { jkt: base.jkt };
  for (const [name, value] of Object.entries(extra ?? {})) {
    if (!allowlist.includes(name)) {
      throw new SessionError('ERR_CONFIG_INVALID', `Claim "${name}" is not in the extraClaims allowlist`);
    }
    if (value !== undefined) claims[name] = value;
  }
  return claims;
}

// jose has already matched iss and aud exactly and checked exp/nbf when present; the rest of the
// required set (TK-4) is checked here, cheaper than jose's generic requiredClaims.
export function hasRequiredClaims(claims: AccessTokenClaims): boolean {
  return (
    typeof claims.exp === 'number' &&
    typeof claims.iat === 'number' &&
    typeof claims.sub === 'string' &&
    typeof claims.sid === 'string' &&
    typeof claims.jti === 'string' &&
    typeof claims.iss === 'string' &&
    claims.aud !== undefined &&
    (claims.app === undefined || isAppName(claims.app))
  );
}
