import type { Context, MiddlewareHandler } from 'hono';
import type { SessionManager } from '../../core/manager.js';
import type { Session } from '../../core/session.js';
import type { EventContext } from '../../events/types.js';
import { SessionActions } from '../../http/actions.js';
import { toHttpError } from '../../http/errors.js';
import { createSessionGuard, type SessionGuardOptions } from '../../http/guard.js';
import { handleRefreshRequest } from '../../tokens/refresh/http.js';
import type { TokenService } from '../../tokens/service.js';
import { requestFacts } from '../web/request.js';

/** The context variables the middleware sets: `c.get('session')` and `c.get('coatcheck')`. */
export interface CoatcheckVariables {
  session: Session | null;
  coatcheck: SessionActions;
}

export interface HonoSessionOptions extends SessionGuardOptions {
  /** Request facts for events and device lists (the client IP depends on the runtime). */
  context?: (c: Context) => EventContext;
}

/**
 * Hono middleware on web-standard Request/Response: validates the session cookie, runs the
 * cross-origin check on unsafe methods, and sets `c.get('session')` and `c.get('coatcheck')`.
 * Runs on any runtime Hono supports where the store is reachable.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { sessionMiddleware, type CoatcheckVariables } from 'coatcheck/adapters/hono';
 * const app = new Hono<{ Variables: CoatcheckVariables }>();
 * app.use(sessionMiddleware(sessions, { trustedOrigins: ['https://app.example'] }));
 * app.get('/me', (c) => c.json({ userId: c.get('session')?.userId ?? null }));
 * ```
 */
export function sessionMiddleware(
  manager: SessionManager,
  options: HonoSessionOptions = {},
): MiddlewareHandler<{ Variables: CoatcheckVariables }> {
  const guard = createSessionGuard(manager, options);
  return async function coatcheckSession(c, next) {
    const context = options.context?.(c) ?? { userAgent: c.req.header('user-agent') };
    const result = await guard(requestFacts(c.req.raw, context, () => c.req.parseBody()));
    if (!result.ok) {
      c.header('Cache-Control', 'no-store');
      return c.json({ error: { code: result.code, message: result.message } }, result.status);
    }
    const effects = {
      cookie: (cookie: { header: string }) => {
        c.header('Set-Cookie', cookie.header, { append: true });
        c.header('Cache-Control', 'no-store');
      },
      header: (name: string, value: string) => c.header(name, value),
    };
    for (const cookie of result.cookies) effects.cookie(cookie);
    const actions = new SessionActions(manager, result, effects, context);
    c.set('coatcheck', actions);
    c.set('session', result.session);
    await next();
  };
}

/**
 * Answers 401 unless the request has a valid session.
 *
 * @example
 * ```ts
 * import { requireSession } from 'coatcheck/adapters/hono';
 * app.post('/orders', requireSession(), createOrder);
 * ```
 */
export function requireSession(): MiddlewareHandler<{ Variables: CoatcheckVariables }> {
  return async function requireCoatcheckSession(c, next) {
    if (!c.get('coatcheck')?.session) {
      c.header('Cache-Control', 'no-store');
      return c.json({ error: { code: 'ERR_NO_SESSION', message: 'Sign in first' } }, 401);
    }
    await next();
  };
}

/**
 * Hono `onError` handler for coatcheck errors: the shared status table, never a stack trace.
 *
 * @example
 * ```ts
 * import { sessionErrorHandler } from 'coatcheck/adapters/hono';
 * app.onError(sessionErrorHandler);
 * ```
 */
export function sessionErrorHandler(error: unknown, c: Context): Response {
  const { status, body } = toHttpError(error);
  c.header('Cache-Control', 'no-store');
  return c.json(body, status as 400);
}

/**
 * A refresh endpoint for token-in-body clients (OAuth 2.0 token response). Mount it under the
 * session middleware so browser-borne requests pass the cross-origin check.
 *
 * @example
 * ```ts
 * import { refreshHandler } from 'coatcheck/adapters/hono';
 * app.post('/oauth/token', refreshHandler(tokens));
 * ```
 */
export function refreshHandler(tokens: TokenService): (c: Context) => Promise<Response> {
  return async function coatcheckRefresh(c: Context): Promise<Response> {
    let body: unknown = null;
    try {
      body = await c.req.json();
    } catch {
      body = null;
    }
    const result = await handleRefreshRequest(tokens, body);
    for (const [name, value] of Object.entries(result.headers)) c.header(name, value);
    return c.json(result.body, result.status as 200);
  };
}
