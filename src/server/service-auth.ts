import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../http/errors.js';
import type { ServiceEnv } from './api/route.js';
import { setActor } from './request-log.js';
import { parseServiceKeys } from './service-keys.js';

/**
 * Bearer service-key authentication for `/v1`. Keys are kept only as SHA-256 hashes and compared
 * in constant time against every configured key (no early exit that would time which one
 * matched). Sets `serviceApp`: the app the key belongs to, or null for an operator key.
 */
export function serviceAuth(entries: readonly string[]): MiddlewareHandler<ServiceEnv> {
  const keys = parseServiceKeys(entries);
  return async function requireServiceKey(c, next) {
    const header = c.req.header('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const digest = createHash('sha256').update(presented).digest();
    let matched: (typeof keys)[number] | undefined;
    for (const key of keys) if (timingSafeEqual(key.hash, digest)) matched = key;
    if (!presented || !matched) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json(errorBody('ERR_UNAUTHORIZED', 'A valid service key is required'), 401);
    }
    c.set('serviceApp', matched.app);
    setActor('service');
    await next();
  };
}
