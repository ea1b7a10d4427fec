import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type BearerVerifier, createBearerGuard } from '../../http/bearer.js';
import { trustedProxies } from '../../http/client-address.js';
import { refusal } from '../../http/errors.js';
import { header } from './middleware.js';
import { sendRefusal } from './respond.js';
import type { BearerRequest, SignedInRequest } from './types.js';

const DIRECT = trustedProxies();

type Handler<R> = (req: R, res: Response, next: NextFunction) => unknown;

/**
 * Answers 401 `ERR_NO_SESSION` unless the request has a valid session. Given a handler, wraps it
 * and hands it a {@link SignedInRequest}: `req.coatcheck.session` is typed non-null there.
 *
 * @example
 * ```ts
 * import { requireSession } from 'coatcheck/adapters/express';
 * app.post('/orders', requireSession(), createOrder);
 * app.get('/me', requireSession((req, res) => res.json({ userId: req.coatcheck.session.userId })));
 * ```
 */
export function requireSession(handler?: Handler<SignedInRequest>): RequestHandler {
  return function requireCoatcheckSession(req: Request, res: Response, next: NextFunction): void {
    if (!req.coatcheck?.session) sendRefusal(res, refusal('ERR_NO_SESSION'));
    else if (!handler) next();
    else run(() => handler(req as SignedInRequest, res, next), next);
  };
}

/**
 * Answers 401 unless the request carries a valid JWT access token (`Authorization: Bearer …`),
 * verified by a `TokenService` or an `AccessTokenVerifier`; the challenge is
 * `WWW-Authenticate: Bearer` (`error="invalid_token"` for a bad token). Sets `req.accessToken`;
 * given a handler, hands it a {@link BearerRequest} where that is typed non-null.
 *
 * @example
 * ```ts
 * import { requireAccessToken } from 'coatcheck/adapters/express';
 * app.get('/api/me', requireAccessToken(tokens, (req, res) => res.json({ userId: req.accessToken.userId })));
 * ```
 */
export function requireAccessToken(
  verifier: BearerVerifier,
  handler?: Handler<BearerRequest>,
): RequestHandler {
  const check = createBearerGuard(verifier);
  return function requireBearerToken(req: Request, res: Response, next: NextFunction): void {
    // The session middleware's facts when it ran (its trusted proxies), else the socket's address.
    const context = req.coatcheck?.context ?? {
      ip: DIRECT.clientAddress(req.socket.remoteAddress, undefined),
      userAgent: header(req, 'user-agent'),
    };
    check(header(req, 'authorization'), context).then((result) => {
      if (!result.ok) {
        sendRefusal(res, result.refusal);
        return;
      }
      req.accessToken = result.accessToken;
      if (!handler) next();
      else run(() => handler(req as BearerRequest, res, next), next);
    }, next);
  };
}

// Express 4 does not catch a rejected promise from a handler: pass it on to the error handlers.
function run(call: () => unknown, next: NextFunction): void {
  try {
    const result = call();
    if (result instanceof Promise) result.catch(next);
  } catch (error) {
    next(error);
  }
}
