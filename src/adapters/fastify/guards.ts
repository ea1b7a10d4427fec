import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { type BearerVerifier, createBearerGuard } from '../../http/bearer.js';
import { trustedProxies } from '../../http/client-address.js';
import { refusal } from '../../http/errors.js';
import { one } from './plugin.js';
import { sendRefusal } from './respond.js';
import type { BearerRequest, SignedInRequest } from './types.js';

const DIRECT = trustedProxies();

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
type Handler<R> = (request: R, reply: FastifyReply) => unknown;

/**
 * Answers 401 `ERR_NO_SESSION` unless the request has a valid session. Without arguments it is a
 * hook (`{ onRequest: requireSession() }`); given a handler it is the route handler, and hands it
 * a {@link SignedInRequest}: `request.coatcheck.session` is typed non-null there.
 *
 * @example
 * ```ts
 * import { requireSession } from 'coatcheck/adapters/fastify';
 * app.post('/orders', { onRequest: requireSession() }, createOrder);
 * app.get('/me', requireSession(async (request) => ({ userId: request.coatcheck.session.userId })));
 * ```
 */
export function requireSession(): Hook;
export function requireSession(handler: Handler<SignedInRequest>): RouteHandlerMethod;
export function requireSession(handler?: Handler<SignedInRequest>): Hook | RouteHandlerMethod {
  if (!handler) {
    return async function requireCoatcheckSession(request, reply) {
      return request.coatcheck?.session ? undefined : sendRefusal(reply, refusal('ERR_NO_SESSION'));
    };
  }
  return async function requireCoatcheckSession(request: FastifyRequest, reply: FastifyReply) {
    if (!request.coatcheck?.session) return sendRefusal(reply, refusal('ERR_NO_SESSION'));
    return handler(request as SignedInRequest, reply);
  };
}

/**
 * Answers 401 unless the request carries a valid JWT access token (`Authorization: Bearer …`),
 * verified by a `TokenService` or an `AccessTokenVerifier`; the challenge is
 * `WWW-Authenticate: Bearer` (`error="invalid_token"` for a bad token). Sets
 * `request.accessToken`. A hook without a handler; given one, the route handler, handed a
 * {@link BearerRequest}.
 *
 * @example
 * ```ts
 * import { requireAccessToken } from 'coatcheck/adapters/fastify';
 * app.get('/api/me', requireAccessToken(tokens, async (request) => ({ userId: request.accessToken.userId })));
 * ```
 */
export function requireAccessToken(verifier: BearerVerifier): Hook;
export function requireAccessToken(
  verifier: BearerVerifier,
  handler: Handler<BearerRequest>,
): RouteHandlerMethod;
export function requireAccessToken(
  verifier: BearerVerifier,
  handler?: Handler<BearerRequest>,
): Hook | RouteHandlerMethod {
  const check = createBearerGuard(verifier);
  return async function requireBearerToken(request: FastifyRequest, reply: FastifyReply) {
    // The session plugin's facts when it ran (its trusted proxies), else the socket's address.
    const context = request.coatcheck?.context ?? {
      ip: DIRECT.clientAddress(request.raw.socket.remoteAddress, undefined),
      userAgent: one(request.headers['user-agent']),
    };
    const result = await check(one(request.headers.authorization), context);
    if (!result.ok) return sendRefusal(reply, result.refusal);
    request.accessToken = result.accessToken;
    return handler ? handler(request as BearerRequest, reply) : undefined;
  };
}
