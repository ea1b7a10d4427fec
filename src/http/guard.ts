import { findCookie } from '../cookies/parse.js';
import type { CookieToSet } from '../cookies/serialize.js';
import { coreOf } from '../core/gateway.js';
import type { SessionManager } from '../core/manager.js';
import type { Session } from '../core/session.js';
import { type CrossOriginOptions, createCrossOriginCheck } from '../csrf/cross-origin.js';
import { verifyCsrfToken } from '../csrf/token.js';
import { SessionError, type SessionErrorCode } from '../errors.js';
import type { EventContext } from '../events/types.js';
import { type ErrorBody, refusal } from './errors.js';
import { requireSecrets } from './needs-secrets.js';

/** What the guard needs from a request; every adapter can read these from its raw request. */
export interface RequestFacts {
  /** The method as sent; method overrides are never applied. */
  method: string;
  path?: string | undefined;
  /** One `Cookie` header, or several (split headers). */
  cookie: string | readonly string[] | null | undefined;
  secFetchSite: string | null | undefined;
  origin: string | null | undefined;
  /**
   * `X-CSRF-Token` header, or the `_csrf` form field; a function is called only when the check
   * needs a token (so an adapter parses a form body only then).
   */
  csrfToken?: string | null | undefined | (() => Promise<string | null | undefined>);
  context?: EventContext;
}

/** The guard's answer: a session (or none), the cookies to set, or a refusal to send. */
export type GuardResult =
  | { ok: true; session: Session | null; token: string | null; cookies: CookieToSet[] }
  | { ok: false; status: 403 | 431 | 503; body: ErrorBody; cookies: CookieToSet[] };

export interface SessionGuardOptions extends CrossOriginOptions {}

/**
 * The shared request flow of every adapter: bound the Cookie header, find the session cookie by
 * exact name (duplicates mean no session), run the cross-origin check, validate the session, and
 * check the CSRF token when the check asks for one. Adapters only translate in and out. Throws
 * ERR_CONFIG_INVALID at once when the manager has no secrets (CSRF tokens need them).
 *
 * @example
 * ```ts
 * import { createSessionGuard } from 'coatcheck/http';
 * const guard = createSessionGuard(sessions, { trustedOrigins: ['https://app.example'] });
 * const result = await guard({ method: 'POST', cookie: req.headers.cookie, secFetchSite, origin });
 * ```
 */
export function createSessionGuard(
  manager: SessionManager,
  options: SessionGuardOptions = {},
): (request: RequestFacts) => Promise<GuardResult> {
  const decide = createCrossOriginCheck(options);
  const events = coreOf(manager).events;
  // Checked here, when the adapter is built: a sign-in must never fail after its session exists.
  const keyring = requireSecrets(manager);
  return async function guardSession(request: RequestFacts): Promise<GuardResult> {
    const ctx = request.context ?? {};
    const lookup = findCookie(request.cookie, manager.cookieName);
    if (lookup.status === 'too-large') return refuse(431, 'ERR_BAD_REQUEST', 'Cookie header too large');
    if (lookup.status === 'duplicate') {
      events.emit({ type: 'session.validation_failed', reason: 'duplicate-cookie' }, ctx);
    }
    const verdict = decide({
      method: request.method,
      secFetchSite: request.secFetchSite,
      origin: request.origin,
      hasSessionCookie: lookup.status !== 'absent',
    });
    if (verdict.action === 'reject') return rejectCsrf(verdict.reason, 'ERR_CROSS_ORIGIN');
    const token = lookup.status === 'found' ? lookup.value : null;
    let result: Awaited<ReturnType<SessionManager['validate']>>;
    try {
      result = await manager.validate(token, ctx);
    } catch (error) {
      if (error instanceof SessionError && error.code === 'ERR_STORE_UNAVAILABLE') {
        return refuse(503, error.code);
      }
      throw error;
    }
    const cookies = !result.session && result.cookie ? [result.cookie] : [];
    if (verdict.action === 'require-token' && result.session) {
      const presented =
        typeof request.csrfToken === 'function' ? await request.csrfToken() : request.csrfToken;
      // A request with neither Fetch Metadata nor Origin is not a browser's cross-site request,
      // so saying which part was missing helps the caller and tells an attacker nothing.
      if (!presented) return rejectCsrf('missing-token', 'ERR_CSRF_TOKEN_MISSING');
      if (!(await verifyCsrfToken(keyring, result.session.id, presented))) {
        return rejectCsrf('invalid-token', 'ERR_CSRF_REJECTED');
      }
    }
    return { ok: true, session: result.session, token: result.session ? token : null, cookies };

    function rejectCsrf(reason: string, code: SessionErrorCode): GuardResult {
      events.emit({ type: 'csrf.rejected', reason, method: request.method, path: request.path }, ctx);
      return refuse(403, code);
    }
  };
}

function refuse(status: 403 | 431 | 503, code: SessionErrorCode, message?: string): GuardResult {
  return { ok: false, status, body: refusal(code, message).body, cookies: [] };
}
