import type { MiddlewareHandler } from 'hono';
import type { SessionActions, SignedInActions } from '../../http/actions.js';
import { type BearerVerifier, createBearerGuard } from '../../http/bearer.js';
import { trustedProxies } from '../../http/client-address.js';
import { refusal } from '../../http/errors.js';
import type { VerifiedAccessToken } from '../../tokens/access/verify.js';
import { type CoatcheckVariables, nodePeerAddress } from './middleware.js';
import { sendRefusal } from './respond.js';

const DIRECT = trustedProxies();

/**
 * Answers 401 `ERR_NO_SESSION` unless the request has a valid session. Handlers after it see
 * `c.get('coatcheck').session` typed non-null.
 *
 * @example
 * ```ts
 * import { requireSession } from 'coatcheck/adapters/hono';
 * app.get('/me', requireSession(), (c) => c.json({ userId: c.get('coatcheck').session.userId }));
 * ```
 */
export function requireSession(): MiddlewareHandler<{ Variables: { coatcheck: SignedInActions } }> {
  return async function requireCoatcheckSession(c, next) {
    // Typed as after the guard; before it the middleware may be missing or the session null.
    const actions: SessionActions | undefined = c.get('coatcheck');
    if (!actions?.session) return sendRefusal(c, refusal('ERR_NO_SESSION'));
    await next();
  };
}

/**
 * Answers 401 unless the request carries a valid JWT access token (`Authorization: Bearer …`),
 * verified by a `TokenService` or an `AccessTokenVerifier`; the challenge is
 * `WWW-Authenticate: Bearer` (`error="invalid_token"` for a bad token). Handlers after it read
 * the verified token with `c.get('accessToken')`.
 *
 * @example
 * ```ts
 * import { requireAccessToken } from 'coatcheck/adapters/hono';
 * app.get('/api/me', requireAccessToken(tokens), (c) => c.json({ userId: c.get('accessToken').userId }));
 * ```
 */
export function requireAccessToken(
  verifier: BearerVerifier,
): MiddlewareHandler<{ Variables: { accessToken: VerifiedAccessToken } }> {
  const check = createBearerGuard(verifier);
  return async function requireBearerToken(c, next) {
    // The session middleware's facts when it ran (its trusted proxies), else the socket's address.
    const session = (c.var as Partial<CoatcheckVariables>).coatcheck;
    const context = session?.context ?? {
      ip: DIRECT.clientAddress(nodePeerAddress(c), undefined),
      userAgent: c.req.header('user-agent'),
    };
    const result = await check(c.req.header('authorization'), context);
    if (!result.ok) return sendRefusal(c, result.refusal);
    c.set('accessToken', result.accessToken);
    await next();
  };
}
