import {
  coreOf,
  isValidUserId,
  type ManagerContext,
  raiseNotBefore,
  recordActivity,
} from '../core/gateway.js';
import type { ActedBy, SessionManager } from '../core/manager.js';
import { isSessionError, SessionError } from '../errors.js';
import type { EventContext } from '../events/types.js';
import type { Keyring } from '../keys/keyring.js';
import type { JwksResponse } from '../keys/signing/jwks.js';
import { SigningKeyProvider } from '../keys/signing/provider.js';
import { addresseeFor, appAudience } from './access/audience.js';
import { buildClaims } from './access/claims.js';
import { signAccessToken } from './access/issue.js';
import { serviceVerifier } from './access/service-verifier.js';
import type { AccessTokenVerifier, VerifiedAccessToken } from './access/verify.js';
import { joinBinding, splitBinding } from './dpop/binding.js';
import type { DpopChecker } from './dpop/checker.js';
import { tokenEndpointChecker } from './dpop/options.js';
import type { DpopRequest } from './dpop/proof.js';
import { type ResolvedTokenOptions, resolveTokenOptions, type TokenServiceOptions } from './options.js';
import { emitRotated, rotateContext } from './refresh/context.js';
import { newFamily } from './refresh/family.js';
import { rotateRefreshToken } from './refresh/rotate.js';
import type { TokenPair, TokenSubject } from './types.js';

/**
 * Access and refresh tokens for a session manager's sessions: issue, refresh (rotating, with reuse
 * detection), verify, JWKS and signing-key rotation. Framework-agnostic; adapters do the I/O.
 *
 * @example
 * ```ts
 * import { createTokenService } from 'coatcheck/tokens';
 * const tokens = createTokenService({ sessions, issuer: 'https://auth.example.com', audience: 'api' });
 * const pair = await tokens.issue(session);
 * const next = await tokens.refresh(pair.refreshToken);
 * const claims = await tokens.verify(next.accessToken);
 * ```
 */
export class TokenService {
  readonly #sessions: SessionManager;
  readonly #core: ManagerContext;
  readonly #o: ResolvedTokenOptions;
  readonly #keyring: Keyring;
  readonly #keys: SigningKeyProvider;
  readonly #claims: TokenServiceOptions['claims'];
  readonly #dpop: DpopChecker;
  readonly #dpopOptions: { maxAgeSeconds?: number; leewaySeconds?: number };
  #verifier: { keysetRef: object; verifier: AccessTokenVerifier } | null = null;

  constructor(options: TokenServiceOptions) {
    this.#sessions = options.sessions;
    this.#core = coreOf(options.sessions);
    this.#o = resolveTokenOptions(options);
    const s = this.#core;
    if (!s.keyring)
      throw new SessionError('ERR_CONFIG_INVALID', 'Tokens need the session manager to have secrets');
    this.#keyring = s.keyring;
    this.#claims = options.claims;
    const keyring = s.keyring;
    const { maxAgeSeconds, leewaySeconds } = options.dpop ?? {};
    this.#dpopOptions = { maxAgeSeconds, leewaySeconds };
    this.#dpop = tokenEndpointChecker(
      options.dpop,
      s.store,
      s.clock,
      async () => (await keyring.current('refresh')).key,
    );
    this.#keys = new SigningKeyProvider({
      store: s.store,
      keyring: s.keyring,
      policy: this.#o.rotation,
      explicit: this.#o.rotationExplicit,
      clock: s.clock,
      events: s.events,
      cacheMs: this.#o.keyCacheMs,
      jwksMaxAgeSeconds: this.#o.jwksMaxAgeSeconds,
    });
  }

  /**
   * Starts a refresh-token family for a session and returns the first token pair. With a DPoP
   * proof (`dpop`), the family and the access token are bound to the proof's key (`DPoP` type).
   * With `app`, the session must be that app's (`<app>:<userId>`): the access tokens carry the
   * app's audience, the app-relative `sub` and an `app` claim (bind the family to the app too).
   */
  async issue(
    session: TokenSubject,
    options: { binding?: string; dpop?: DpopRequest; app?: string | null } = {},
  ): Promise<TokenPair> {
    // Checked before the family is written: a session of another app gets no family at all.
    addresseeFor(this.#o, session.userId, options.app);
    const jkt = await this.#proofKey(options.dpop);
    const lifetimes = { idleMs: this.#o.refresh.idleMs, absoluteMs: this.#o.refreshAbsoluteMs };
    const { key } = await this.#keyring.current('refresh');
    const binding = joinBinding(options.binding ?? '', jkt);
    const { family, refreshToken } = await newFamily(session, this.#now(), lifetimes, binding, key);
    if (!(await this.#core.store('createFamily', (s) => s.createFamily(family)))) {
      throw new SessionError('ERR_VERSION_CONFLICT', 'Refresh family id collision; retry');
    }
    const access = await this.issueAccessToken(session, { jkt, app: options.app ?? null });
    return { ...access, refreshToken, refreshExpiresAt: family.absoluteExpiresAt };
  }

  /**
   * Signs an access token for a session (no refresh token); `jkt` binds it to a DPoP key, `app`
   * addresses it to an app (its audience, the app-relative `sub` and the `app` claim).
   */
  async issueAccessToken(
    session: Pick<TokenSubject, 'id' | 'userId'>,
    options: { jkt?: string | null; app?: string | null } = {},
  ): Promise<{ accessToken: string; tokenType: 'Bearer' | 'DPoP'; expiresIn: number }> {
    const to = addresseeFor(this.#o, session.userId, options.app);
    const extra = this.#claims
      ? await this.#claims({ userId: session.userId, sessionId: session.id })
      : undefined;
    const base = {
      issuer: this.#o.issuer,
      audience: to.audience,
      subject: to.subject,
      app: to.app,
      sessionId: session.id,
      jkt: options.jkt ?? null,
    };
    const claims = buildClaims(base, this.#now(), this.#o.accessTtlSeconds, extra, this.#o.extraClaims);
    const accessToken = await signAccessToken(await this.#keys.signer(), claims);
    const tokenType = options.jkt ? 'DPoP' : 'Bearer';
    return { accessToken, tokenType, expiresIn: this.#o.accessTtlSeconds };
  }

  /**
   * Rotates a refresh token and signs a fresh access token. Reuse of an old token revokes the
   * family and its session (ERR_TOKEN_REUSED); ERR_VERSION_CONFLICT means "retry". A key-bound
   * family needs a valid proof (`dpop`) from its key, else ERR_DPOP_INVALID and nothing is revoked.
   * Pass the same `app` (and `binding`) as at `issue`: the new access token is addressed to it.
   */
  async refresh(
    refreshToken: string,
    options: { binding?: string; dpop?: DpopRequest; app?: string | null } = {},
    ctx: EventContext = {},
  ): Promise<TokenPair> {
    const jkt = await this.#proofKey(options.dpop);
    const context = rotateContext(this.#sessions, this.#keyring, this.#o.refresh, ctx);
    const binding = joinBinding(options.binding ?? '', jkt);
    const outcome = await rotateRefreshToken(context, refreshToken, binding);
    const f = outcome.family;
    if (outcome.kind === 'rotated') emitRotated(this.#sessions, f, ctx);
    const bound = splitBinding(f.binding).jkt;
    const subject = { id: f.sessionId, userId: f.userId };
    const access = await this.issueAccessToken(subject, { jkt: bound, app: options.app ?? null });
    return { ...access, refreshToken: outcome.refreshToken, refreshExpiresAt: f.absoluteExpiresAt };
  }

  /**
   * Verifies an access token this service issued (keys from the shared keyset). Pass `dpop` when
   * the request said `Authorization: DPoP`: a key-bound token needs its proof, with `ath`.
   */
  async verify(
    accessToken: string,
    ctx: EventContext = {},
    dpop?: DpopRequest,
  ): Promise<VerifiedAccessToken> {
    const keyset = await this.#keys.keyset();
    if (this.#verifier?.keysetRef !== keyset) {
      const jwks = (await this.#keys.jwks()).body;
      this.#verifier = {
        keysetRef: keyset,
        verifier: serviceVerifier(jwks, this.#o, this.#core, this.#dpopOptions),
      };
    }
    try {
      return await this.#verifier.verifier.verify(accessToken, dpop);
    } catch (error) {
      if (isSessionError(error, 'ERR_TOKEN_INVALID')) {
        this.#core.events.emit({ type: 'token.invalid', reason: 'access-token' }, ctx, this.#now());
      }
      throw error;
    }
  }

  /**
   * The `aud` of the access tokens issued for `app` (its `appAudience`), or of those issued
   * without one (null): what that app's resource servers must expect. ERR_CONFIG_INVALID when an
   * app's audience would be the service's own.
   *
   * @example
   * ```ts
   * import { createTokenService } from 'coatcheck/tokens';
   * const tokens = createTokenService({ sessions, issuer, audience: 'coatcheck', appAudience: 'https://{app}.example.com' });
   * tokens.audienceFor('billing'); // 'https://billing.example.com'
   * ```
   */
  audienceFor(app: string | null): string | string[] {
    return app === null ? this.#o.audience : appAudience(this.#o, app);
  }

  /** The server nonce to send as `DPoP-Nonce` now, or null when nonces are off. */
  dpopNonce(): Promise<string | null> {
    return this.#dpop.nonce();
  }

  /** The proof key's thumbprint when the request carries a DPoP proof, else null. */
  async #proofKey(dpop: DpopRequest | undefined): Promise<string | null> {
    if (!dpop || dpop.proof === undefined || dpop.proof === null) return null;
    return (await this.#dpop.check(dpop)).jkt;
  }

  /** The JWKS body and the headers to serve it with (`Cache-Control`, `ETag`). */
  jwks(): Promise<JwksResponse> {
    return this.#keys.jwks();
  }

  /**
   * Rotates the signing key now. By default the new key is published first and signs only after
   * the JWKS cache age; `immediate` (after a key compromise) signs at once. Returns the new kid.
   */
  rotateKeys(options: { immediate?: boolean } = {}): Promise<string> {
    return this.#keys.rotate(options.immediate ? 'immediate' : 'scheduled');
  }

  /** The published JWKS read from the store without any key maintenance (for read-only tools). */
  publishedJwks(): Promise<JwksResponse> {
    return this.#keys.publishedJwks();
  }

  /**
   * Withdraws a signing key at once, after a compromise: it leaves JWKS, tokens it signed are
   * refused by this instance now and by every other within `keyCacheTtl`, and a new key signs if
   * it was the signing key. Returns the kid that signs afterwards, or null for an unknown kid.
   */
  revokeKey(kid: string): Promise<string | null> {
    return this.#keys.withdraw(kid);
  }

  /**
   * Makes every access token issued to `userId` until now invalid (needs `revocation.notBefore`),
   * and records an `access-tokens-revoked` activity entry (actor: `operator` unless told).
   */
  async revokeAccessTokens(userId: string, by: ActedBy = {}): Promise<void> {
    if (!isValidUserId(userId)) throw new SessionError('ERR_BAD_REQUEST', 'userId is not a valid user id');
    const ttl = this.#o.accessTtlSeconds + this.#o.leewaySeconds + 1;
    await raiseNotBefore(this.#core.store, userId, this.#now(), ttl);
    await recordActivity(this.#core, userId, { type: 'access-tokens-revoked', actor: 'operator', ...by });
  }

  #now(): number {
    return this.#core.now();
  }
}

/**
 * Creates a {@link TokenService}.
 *
 * @example
 * ```ts
 * import { createTokenService } from 'coatcheck/tokens';
 * const tokens = createTokenService({ sessions, issuer: 'https://auth.example.com', audience: 'api' });
 * ```
 */
export function createTokenService(options: TokenServiceOptions): TokenService {
  return new TokenService(options);
}
