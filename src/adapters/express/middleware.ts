import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionManager } from '../../core/manager.js';
import type { EventContext } from '../../events/types.js';
import { SessionActions } from '../../http/actions.js';
import { type ClientAddressOptions, trustedProxies } from '../../http/client-address.js';
import { isFormContentType } from '../../http/form.js';
import { createSessionGuard, type SessionGuardOptions } from '../../http/guard.js';
import { type LegacyOption, migrateLegacyRequest } from '../../http/legacy.js';
import { sendRefusal } from './respond.js';

export interface ExpressSessionOptions extends SessionGuardOptions, ClientAddressOptions {
  /**
   * Request facts for events and device lists; default: the client address (the socket's, or
   * through `trustedProxies`) and User-Agent. Express's own `trust proxy` setting is not read.
   */
  context?: (req: Request) => EventContext;
  /**
   * Migration from express-session: a request with the legacy cookie and no coatcheck session is
   * turned into a coatcheck session (see `createLegacyMigration` in `coatcheck/migrate`).
   */
  legacy?: LegacyOption;
}

export const header = (req: Request, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Express (4 and 5) middleware: validates the session cookie, runs the cross-origin check on
 * unsafe methods, and puts the session and its actions on `req.coatcheck`. Mount it after body
 * parsers if forms send the CSRF token as a `_csrf` field. Refusals are JSON: 403 cross-origin,
 * 431 oversized cookies, 503 store unavailable.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { coatcheck, requireSession } from 'coatcheck/adapters/express';
 * const app = express();
 * app.use(express.json(), coatcheck(sessions, { trustedOrigins: ['https://app.example'] }));
 * app.get('/me', requireSession((req, res) => res.json({ userId: req.coatcheck.session.userId })));
 * ```
 */
export function coatcheck(manager: SessionManager, options: ExpressSessionOptions = {}): RequestHandler {
  const guard = createSessionGuard(manager, options);
  const proxies = trustedProxies(options.trustedProxies);
  const contextOf =
    options.context ??
    ((req: Request) => ({
      ip: proxies.clientAddress(req.socket.remoteAddress, header(req, 'x-forwarded-for')),
      userAgent: header(req, 'user-agent'),
    }));
  return async function coatcheckSession(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const context = contextOf(req);
      const cookie = req.headers.cookie;
      // The method on the wire: method-override middleware keeps it as originalMethod.
      const method = (req as Request & { originalMethod?: string }).originalMethod ?? req.method;
      const result = await guard({
        method,
        path: req.path,
        cookie,
        secFetchSite: header(req, 'sec-fetch-site'),
        origin: header(req, 'origin'),
        csrfToken: header(req, 'x-csrf-token') ?? formField(req),
        context,
      });
      if (!result.ok) {
        sendRefusal(res, result);
        return;
      }
      const effects = {
        cookie: (c: { header: string }) => {
          res.append('Set-Cookie', c.header);
          res.set('Cache-Control', 'no-store');
        },
        header: (name: string, value: string) => void res.set(name, value),
      };
      for (const cookie of result.cookies) effects.cookie(cookie);
      const state =
        result.session || !options.legacy
          ? result
          : await migrateLegacyRequest(options.legacy, { method, cookie, context }, effects.cookie);
      req.coatcheck = new SessionActions(manager, state ?? result, effects, context);
      next();
    } catch (error) {
      next(error);
    }
  };
}

function formField(req: Request): string | undefined {
  if (!isFormContentType(header(req, 'content-type'))) return undefined;
  const body = req.body as Record<string, unknown> | undefined;
  return body && typeof body._csrf === 'string' ? body._csrf : undefined;
}
