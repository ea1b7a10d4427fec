import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionManager } from '../../core/manager.js';
import { isSessionError } from '../../errors.js';
import type { EventContext } from '../../events/types.js';
import { SessionActions } from '../../http/actions.js';
import { toHttpError } from '../../http/errors.js';
import { createSessionGuard, type SessionGuardOptions } from '../../http/guard.js';
import { type LegacyOption, migrateLegacyRequest } from '../../http/legacy.js';
import { handleRefreshRequest } from '../../tokens/refresh/http.js';
import type { TokenService } from '../../tokens/service.js';

export interface ExpressSessionOptions extends SessionGuardOptions {
  /** Request facts for events and device lists; default: socket address and User-Agent. */
  context?: (req: Request) => EventContext;
  /**
   * Migration from express-session: a request with the legacy cookie and no coatcheck session is
   * turned into a coatcheck session (see `createLegacyMigration` in `coatcheck/migrate`).
   */
  legacy?: LegacyOption;
}

const header = (req: Request, name: string): string | undefined => {
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
 * app.get('/me', requireSession(), (req, res) => res.json({ userId: req.coatcheck.session!.userId }));
 * ```
 */
export function coatcheck(manager: SessionManager, options: ExpressSessionOptions = {}): RequestHandler {
  const guard = createSessionGuard(manager, options);
  const contextOf =
    options.context ??
    ((req: Request) => ({ ip: req.socket.remoteAddress, userAgent: header(req, 'user-agent') }));
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
        res
          .status(result.status)
          .set('Cache-Control', 'no-store')
          .json({ error: { code: result.code, message: result.message } });
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
  const body = req.body as Record<string, unknown> | undefined;
  return body && typeof body._csrf === 'string' ? body._csrf : undefined;
}

/**
 * Answers 401 unless the request has a valid session.
 *
 * @example
 * ```ts
 * import { requireSession } from 'coatcheck/adapters/express';
 * app.post('/orders', requireSession(), createOrder);
 * ```
 */
export function requireSession(): RequestHandler {
  return function requireCoatcheckSession(req: Request, res: Response, next: NextFunction): void {
    if (req.coatcheck?.session) {
      next();
      return;
    }
    res
      .status(401)
      .set('Cache-Control', 'no-store')
      .json({ error: { code: 'ERR_NO_SESSION', message: 'Sign in first' } });
  };
}

/**
 * Express error handler for coatcheck errors: the shared status table, generic messages, never a
 * stack trace. Mount it last.
 *
 * @example
 * ```ts
 * import { sessionErrors } from 'coatcheck/adapters/express';
 * app.use(sessionErrors());
 * ```
 */
export function sessionErrors(): (error: unknown, req: Request, res: Response, next: NextFunction) => void {
  return function coatcheckErrorHandler(
    error: unknown,
    _req: Request,
    res: Response,
    _next: NextFunction,
  ): void {
    const clientStatus = clientErrorStatus(error);
    if (clientStatus) {
      res
        .status(clientStatus)
        .set('Cache-Control', 'no-store')
        .json({ error: { code: 'ERR_BAD_REQUEST', message: 'Bad request' } });
      return;
    }
    const { status, body } = toHttpError(error);
    res.status(status).set('Cache-Control', 'no-store').json(body);
  };
}

// body-parser (malformed JSON, too large) and other HTTP-aware middleware mark client errors with
// a 4xx `status` and `expose: true`; those stay 4xx rather than becoming a 500.
function clientErrorStatus(error: unknown): number | undefined {
  if (isSessionError(error) || typeof error !== 'object' || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}

/**
 * A POST-only refresh endpoint for token-in-body clients (OAuth 2.0 token response). Mount it
 * after `coatcheck(...)`, so a browser-borne request also passes the cross-origin check.
 *
 * @example
 * ```ts
 * import { refreshEndpoint } from 'coatcheck/adapters/express';
 * app.post('/oauth/token', express.json(), refreshEndpoint(tokens));
 * ```
 */
export function refreshEndpoint(tokens: TokenService): RequestHandler {
  return async function coatcheckRefresh(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const { status, headers, body } = await handleRefreshRequest(tokens, req.body);
      res.status(status).set(headers).json(body);
    } catch (error) {
      next(error);
    }
  };
}
