import { coreOf } from '../core/gateway.js';
import type { SessionManager } from '../core/manager.js';
import { SessionError } from '../errors.js';
import type { SigningAlgorithm } from '../keys/signing/keyset.js';
import { isSigningAlgorithm } from '../keys/signing/keyset.js';
import type { ExplicitPolicy } from '../keys/signing/policy.js';
import type { RotationPolicy } from '../keys/signing/rotation.js';
import { type Duration, toSeconds } from '../lib/duration.js';
import { appAudienceOf } from './access/audience.js';
import { checkClaimAllowlist } from './access/claims.js';
import { MAX_LEEWAY_SECONDS } from './access/verify.js';
import type { DpopOptions } from './dpop/options.js';
import type { RefreshPolicy } from './refresh/decide.js';

/** Options of {@link createTokenService}. Durations are seconds or strings like `"5m"`. */
export interface TokenServiceOptions {
  /** The session manager: its store, keyring, clock and events are shared. */
  sessions: SessionManager;
  /** `iss` of every access token, e.g. `https://auth.example.com`. */
  issuer: string;
  /** `aud` of access tokens issued without an app (an operator's, or a library's own). */
  audience: string | string[];
  /**
   * `aud` of an app's access tokens (`issue(session, { app })`): `{app}` is replaced by the app's
   * name, e.g. `https://{app}.api.example.com`. Default `{app}`: the app's name itself. It must
   * differ from `audience` for every app, so the service's verifiers never accept an app's token.
   */
  appAudience?: string;
  /**
   * Signing algorithm: `EdDSA` (Ed25519), `ES256` or `PS256` (RSA 3072). Setting it makes it the
   * shared keyset's algorithm (stored in the keyset document); left unset, this process follows
   * the keyset's stored algorithm, and a new keyset starts with `EdDSA`.
   */
  algorithm?: SigningAlgorithm;
  /** Access-token lifetime. Default 5 minutes, at most 1 hour. */
  accessTokenTtl?: Duration;
  /** Clock skew tolerated when verifying, at most 60 s. Default 30 s. */
  leewaySeconds?: number;
  /** Names of extra claims `claims` may add. Nothing from session data is ever copied by default. */
  extraClaims?: string[];
  /** Extra claims for a session's access tokens, limited to `extraClaims`. */
  claims?: (subject: {
    userId: string;
    sessionId: string;
  }) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Refresh-token idle lifetime. Default the session idle timeout. */
  refreshIdleTimeout?: Duration;
  /** Refresh-token absolute lifetime (never slides). Default the session absolute timeout. */
  refreshAbsoluteTimeout?: Duration;
  /** How long the immediate predecessor is answered after a rotation, 0–60 s. Default 10 s. */
  refreshGracePeriod?: Duration;
  /** How often the predecessor is answered inside the window, 1–20. Default 5. */
  refreshMaxGraceUses?: number;
  /** How long a signing key signs. Set, it becomes the keyset's stored interval; unset, the stored one (else 30 days) applies. */
  keyRotationInterval?: Duration;
  /** `Cache-Control: max-age` of the JWKS. Default 10 minutes. */
  jwksMaxAge?: Duration;
  /** How long an instance reuses the keyset it read. Default 60 s. */
  keyCacheTtl?: Duration;
  /** What `verify` checks in the store: `sid` (default on) and the per-user not-before time. */
  revocation?: { session?: boolean; notBefore?: boolean };
  /** Verified tokens `verify` remembers (by hash, until they expire) to skip the signature check. Default 0. */
  verifyCacheSize?: number;
  /**
   * Apply the signing keyset's stored policy (algorithm, rotation interval, retention) and add
   * nothing of this process's own, for tools that maintain keys but issue no tokens and serve no
   * JWKS (`coatcheck keys`). Default false: a process's access-token lifetime and cache age
   * count towards the stored retention, so no key its tokens need is dropped by another process.
   */
  followKeysetPolicy?: boolean;
  /** DPoP proof checks (RFC 9449) for clients that send proofs. */
  dpop?: DpopOptions;
}

export interface ResolvedTokenOptions {
  issuer: string;
  audience: string | string[];
  appAudience: (app: string) => string;
  accessTtlSeconds: number;
  leewaySeconds: number;
  extraClaims: readonly string[];
  rotation: RotationPolicy;
  /** Which parts of `rotation` were configured: only those may change the keyset's stored policy. */
  rotationExplicit: ExplicitPolicy;
  refresh: RefreshPolicy;
  refreshAbsoluteMs: number;
  jwksMaxAgeSeconds: number;
  keyCacheMs: number;
  revocation: { session: boolean; notBefore: boolean };
  verifyCacheSize: number;
}

function seconds(
  value: Duration | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
): number {
  const s = value === undefined ? fallback : toSeconds(value, name);
  if (s < min || s > max)
    throw new SessionError('ERR_CONFIG_INVALID', `${name} must be ${min}–${max} seconds`);
  return s;
}

export function resolveTokenOptions(options: TokenServiceOptions): ResolvedTokenOptions {
  const alg = options.algorithm ?? 'EdDSA';
  if (!isSigningAlgorithm(alg))
    throw new SessionError('ERR_CONFIG_INVALID', 'algorithm must be EdDSA, ES256 or PS256');
  if (
    !options.issuer ||
    (Array.isArray(options.audience) ? options.audience.length === 0 : !options.audience)
  ) {
    throw new SessionError('ERR_CONFIG_INVALID', 'issuer and audience are required');
  }
  const s = coreOf(options.sessions).options;
  const ttl = seconds(options.accessTokenTtl, 300, 'accessTokenTtl', 10, 3600);
  const leeway = options.leewaySeconds ?? 30;
  if (!Number.isInteger(leeway) || leeway < 0 || leeway > MAX_LEEWAY_SECONDS) {
    throw new SessionError('ERR_CONFIG_INVALID', `leewaySeconds must be 0–${MAX_LEEWAY_SECONDS}`);
  }
  const jwksMaxAge = seconds(options.jwksMaxAge, 600, 'jwksMaxAge', 0, 86400);
  const keyCache = seconds(options.keyCacheTtl, 60, 'keyCacheTtl', 0, 3600);
  const publishAhead = jwksMaxAge + keyCache + leeway;
  const rotateEvery = seconds(
    options.keyRotationInterval,
    30 * 86400,
    'keyRotationInterval',
    60,
    365 * 86400,
  );
  if (rotateEvery <= publishAhead) {
    throw new SessionError(
      'ERR_CONFIG_INVALID',
      'keyRotationInterval must exceed jwksMaxAge + keyCacheTtl + leeway',
    );
  }
  const idle = seconds(options.refreshIdleTimeout, s.idleMs / 1000, 'refreshIdleTimeout', 60, 400 * 86400);
  const absolute = seconds(
    options.refreshAbsoluteTimeout,
    s.absoluteMs / 1000,
    'refreshAbsoluteTimeout',
    idle,
    400 * 86400,
  );
  const maxGraceUses = options.refreshMaxGraceUses ?? 5;
  if (!Number.isInteger(maxGraceUses) || maxGraceUses < 1 || maxGraceUses > 20) {
    throw new SessionError('ERR_CONFIG_INVALID', 'refreshMaxGraceUses must be 1–20');
  }
  return {
    issuer: options.issuer,
    audience: options.audience,
    appAudience: appAudienceOf(options.appAudience),
    accessTtlSeconds: ttl,
    leewaySeconds: leeway,
    extraClaims: checkClaimAllowlist(options.extraClaims ?? []),
    rotation: {
      alg,
      rotateEveryMs: rotateEvery * 1000,
      publishAheadMs: publishAhead * 1000,
      retainMs: (ttl + leeway + keyCache) * 1000,
    },
    rotationExplicit: {
      alg: options.algorithm !== undefined && !options.followKeysetPolicy,
      rotateEvery: options.keyRotationInterval !== undefined && !options.followKeysetPolicy,
      contributes: !options.followKeysetPolicy,
    },
    refresh: {
      graceMs: seconds(options.refreshGracePeriod, 10, 'refreshGracePeriod', 0, 60) * 1000,
      maxGraceUses,
      idleMs: idle * 1000,
    },
    refreshAbsoluteMs: absolute * 1000,
    jwksMaxAgeSeconds: jwksMaxAge,
    keyCacheMs: keyCache * 1000,
    revocation: {
      session: options.revocation?.session ?? true,
      notBefore: options.revocation?.notBefore ?? false,
    },
    verifyCacheSize: Math.max(0, Math.floor(options.verifyCacheSize ?? 0)),
  };
}
