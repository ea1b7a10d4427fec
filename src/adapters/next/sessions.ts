import { coreOf } from '../../core/gateway.js';
import type { SessionManager } from '../../core/manager.js';
import { createCsrfToken } from '../../csrf/token.js';
import type { EventContext } from '../../events/types.js';
import { SessionActions } from '../../http/actions.js';
import { type ClientAddressOptions, trustedProxies } from '../../http/client-address.js';
import { createSessionGuard, type SessionGuardOptions } from '../../http/guard.js';
import { type HeaderList, headerFacts } from '../web/request.js';
import { cookieStoreEffects } from './cookies.js';
import { formRecord, type NextActionResult, type NextReadResult, NO_SESSION } from './results.js';
import { type NextRoute, type RouteOptions, routeHandler } from './route.js';
import type { NextCookiesFunction, NextHeadersFunction } from './types.js';

/**
 * Options of {@link createNextSessions}: Next's `cookies` and `headers`, and the cross-origin options.
 *
 * @example
 * ```ts
 * import type { NextSessionsOptions } from 'coatcheck/adapters/next';
 * import { cookies, headers } from 'next/headers';
 * const options: NextSessionsOptions = { cookies, headers, trustedOrigins: ['https://app.example'] };
 * ```
 */
export interface NextSessionsOptions extends SessionGuardOptions, ClientAddressOptions {
  /** `cookies` from `next/headers`. */
  cookies: NextCookiesFunction;
  /** `headers` from `next/headers`. */
  headers: NextHeadersFunction;
  /**
   * Request facts for events and device lists; default: the User-Agent, and the client address
   * only when `trustedProxies` is a hop count (Next gives code no socket address, so the nearest
   * hop is counted unseen; `next start` keeps a client's own X-Forwarded-For, so set it only when
   * every request reaches Next through those proxies).
   */
  context?: (headers: HeaderList) => EventContext;
}

/**
 * The helpers of one app, bound to its manager and to Next's `cookies()` and `headers()`.
 *
 * @example
 * ```ts
 * import type { NextSessions } from 'coatcheck/adapters/next';
 * export const auth: NextSessions = createNextSessions(sessions, { cookies, headers });
 * ```
 */
export interface NextSessions {
  /** Server Components: validates the session without writing (Next forbids cookie writes there). */
  session(): Promise<NextReadResult>;
  /** Server Actions: the cross-origin check, validation, and actions that write through `cookies()`. */
  action(options?: { formData?: FormData; allowAnonymous?: boolean }): Promise<NextActionResult>;
  /** Route Handlers: wraps a handler; refusals and thrown SessionErrors become JSON answers. */
  route<Ctx = unknown>(
    handler: NextRoute<Ctx>,
    options?: RouteOptions,
  ): (request: Request, ctx: Ctx) => Promise<Response>;
}

/**
 * Next.js (App Router) helpers on the shared request flow of `coatcheck/http`: the same guard,
 * cross-origin check, actions and status table as every other adapter. `next` is never imported:
 * pass its `cookies` and `headers` functions in.
 *
 * @example
 * ```ts
 * // lib/auth.ts
 * import { cookies, headers } from 'next/headers';
 * import { createNextSessions } from 'coatcheck/adapters/next';
 * export const auth = createNextSessions(sessions, {
 *   cookies, headers, trustedOrigins: ['https://app.example'],
 * });
 * // app/account/page.tsx
 * const result = await auth.session();
 * if (!result.ok) redirect('/sign-in');
 * ```
 */
export function createNextSessions(manager: SessionManager, options: NextSessionsOptions): NextSessions {
  const guard = createSessionGuard(manager, options);
  const proxies = trustedProxies(options.trustedProxies);
  const contextOf =
    options.context ??
    ((h: HeaderList) => ({
      ip: proxies.clientAddress(undefined, h.get('x-forwarded-for')),
      userAgent: h.get('user-agent') ?? undefined,
    }));
  const keyring = coreOf(manager).keyring;

  async function session(): Promise<NextReadResult> {
    const headers = await options.headers();
    const result = await guard(headerFacts(headers, 'GET', undefined, contextOf(headers)));
    if (!result.ok) return { ok: false, status: result.status, ...result.body.error };
    if (!result.session) return NO_SESSION;
    const csrfToken = keyring ? await createCsrfToken(keyring, result.session.id) : '';
    return { ok: true, session: result.session, csrfToken };
  }

  async function action(
    input: { formData?: FormData; allowAnonymous?: boolean } = {},
  ): Promise<NextActionResult> {
    const headers = await options.headers();
    const context = contextOf(headers);
    const readForm = input.formData ? async () => formRecord(input.formData!) : undefined;
    // Server Actions are always POST: the cross-origin check applies to every one of them.
    const result = await guard(headerFacts(headers, 'POST', undefined, context, readForm));
    if (!result.ok) return { ok: false, status: result.status, ...result.body.error };
    const effects = cookieStoreEffects(await options.cookies());
    for (const cookie of result.cookies) effects.cookie(cookie);
    if (!result.session && !input.allowAnonymous) return NO_SESSION;
    return {
      ok: true,
      session: result.session,
      actions: new SessionActions(manager, result, effects, context),
    };
  }

  return {
    session,
    action,
    route: (handler, routeOptions) => routeHandler(manager, guard, contextOf, handler, routeOptions),
  };
}
