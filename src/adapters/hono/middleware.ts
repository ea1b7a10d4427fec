import type { Context, MiddlewareHandler } from 'hono';
import type { SessionManager } from '../../core/manager.js';
import type { EventContext } from '../../events/types.js';
import { SessionActions } from '../../http/actions.js';
import { type ClientAddressOptions, trustedProxies } from '../../http/client-address.js';
import { createSessionGuard, type SessionGuardOptions } from '../../http/guard.js';
import { requestFacts } from '../web/request.js';
import { sendRefusal } from './respond.js';

/**
 * The context variable the middleware sets: `c.get('coatcheck')`, the session (`.session`, the
 * one source of truth: it follows `login()`, `logout()` and `regenerate()`) and its actions.
 */
export interface CoatcheckVariables {
  coatcheck: SessionActions;
}

export interface HonoSessionOptions extends SessionGuardOptions, ClientAddressOptions {
  /**
   * Request facts for events and device lists. Default: the User-Agent and, on Node
   * (`@hono/node-server`), the client address (the socket's, or through `trustedProxies`). Other
   * runtimes give the peer through their own `getConnInfo`: pass it with `context` and
   * {@link trustedProxies}.
   */
  context?: (c: Context) => EventContext;
}

/** The socket peer address that `@hono/node-server` hands over in `c.env.incoming`; else undefined. */
export function nodePeerAddress(c: Context): string | undefined {
  return (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress;
}

/**
 * Hono middleware on web-standard Request/Response: validates the session cookie, runs the
 * cross-origin check on unsafe methods, and sets `c.get('coatcheck')` (the session and its
 * actions). Runs on any runtime Hono supports where the store is reachable.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { coatcheck, requireSession, type CoatcheckVariables } from 'coatcheck/adapters/hono';
 * const app = new Hono<{ Variables: CoatcheckVariables }>();
 * app.use(coatcheck(sessions, { trustedOrigins: ['https://app.example'] }));
 * app.get('/me', requireSession(), (c) => c.json({ userId: c.get('coatcheck').session.userId }));
 * ```
 */
export function coatcheck(
  manager: SessionManager,
  options: HonoSessionOptions = {},
): MiddlewareHandler<{ Variables: CoatcheckVariables }> {
  const guard = createSessionGuard(manager, options);
  const proxies = trustedProxies(options.trustedProxies);
  const contextOf =
    options.context ??
    ((c: Context) => ({
      ip: proxies.clientAddress(nodePeerAddress(c), c.req.header('x-forwarded-for')),
      userAgent: c.req.header('user-agent'),
    }));
  return async function coatcheckSession(c, next) {
    const context = contextOf(c);
    const result = await guard(requestFacts(c.req.raw, context, () => c.req.parseBody()));
    if (!result.ok) return sendRefusal(c, result);
    const effects = {
      cookie: (cookie: { header: string }) => {
        c.header('Set-Cookie', cookie.header, { append: true });
        c.header('Cache-Control', 'no-store');
      },
      header: (name: string, value: string) => c.header(name, value),
    };
    for (const cookie of result.cookies) effects.cookie(cookie);
    c.set('coatcheck', new SessionActions(manager, result, effects, context));
    await next();
  };
}
