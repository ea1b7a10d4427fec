import { isAppName } from '../../core/gateway.js';
import { SessionError } from '../../errors.js';
import type { AccessTokenClaims } from './claims.js';

/**
 * The migration window of an app's resource server, for tokens issued before app audiences: they
 * carry the service's shared audience, no `app` claim and a `sub` of `<app>:<userId>`. Within the
 * window such a token is accepted as the app's when its `sub` names this app (never another's).
 *
 * @example
 * ```ts
 * import { createAccessTokenVerifier } from 'coatcheck/tokens';
 * const verifier = createAccessTokenVerifier({
 *   jwksUrl, issuer, audience: 'billing',
 *   legacy: { app: 'billing', audience: 'coatcheck', until: new Date(serviceUpgrade + 5 * 60_000) },
 * });
 * ```
 */
export interface LegacyAppTokens {
  /** The app this verifier serves: only `sub`s of the form `<app>:…` are accepted. */
  app: string;
  /** The shared audience the service signed before (the service's own, `coatcheck`). */
  audience: string;
  /** The end of the window: the service's upgrade plus one access-token lifetime, at most 24 h ahead. */
  until: Date;
}

const MAX_WINDOW_MS = 24 * 3600 * 1000;

/** Checks the window at construction; returns it with `until` in ms, or null when there is none. */
export function legacyWindow(
  legacy: LegacyAppTokens | undefined,
  audiences: readonly string[],
  now: number,
): { app: string; audience: string; untilMs: number } | null {
  if (legacy === undefined) return null;
  const untilMs = legacy.until instanceof Date ? legacy.until.getTime() : Number.NaN;
  if (!isAppName(legacy.app) || typeof legacy.audience !== 'string' || !legacy.audience) {
    throw new SessionError('ERR_CONFIG_INVALID', 'legacy needs an app name and the old audience');
  }
  if (audiences.includes(legacy.audience)) {
    throw new SessionError('ERR_CONFIG_INVALID', 'legacy.audience must not be one of audience');
  }
  if (!Number.isFinite(untilMs) || untilMs > now + MAX_WINDOW_MS) {
    throw new SessionError('ERR_CONFIG_INVALID', 'legacy.until must be a date at most 24 hours ahead');
  }
  return { app: legacy.app, audience: legacy.audience, untilMs };
}

/**
 * For a verified token that holds none of the verifier's own audiences (so jose accepted it for
 * the legacy one): its app-relative user id when the window is open and the token is this app's
 * legacy form, else null (refuse it). Returns undefined for a token of the verifier's own audience.
 */
export function legacyUserId(
  claims: AccessTokenClaims,
  audiences: readonly string[],
  window: { app: string; untilMs: number } | null,
  now: number,
): string | null | undefined {
  const aud = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
  if (aud.some((a) => audiences.includes(a))) return undefined;
  if (window === null || now >= window.untilMs || claims.app !== undefined) return null;
  const prefix = `${window.app}:`;
  return claims.sub.startsWith(prefix) && claims.sub.length > prefix.length
    ? claims.sub.slice(prefix.length)
    : null;
}
