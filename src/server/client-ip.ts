import type { MiddlewareHandler } from 'hono';
import { nodePeerAddress } from '../adapters/hono/middleware.js';
import type { TrustedProxies } from '../http/client-address.js';
import type { ServiceEnv } from './api/route.js';

/**
 * Hono middleware for the demo's routes: finds the client's address once per request (the socket
 * peer, or through the trusted proxies of `COATCHECK_TRUSTED_PROXIES`) and keeps it as
 * `c.get('clientIp')` for the request log, the sign-in throttle and session metadata.
 */
export function clientIp(proxies: TrustedProxies): MiddlewareHandler<ServiceEnv> {
  return async function findClientIp(c, next) {
    c.set('clientIp', proxies.clientAddress(nodePeerAddress(c), c.req.header('x-forwarded-for')));
    await next();
  };
}
