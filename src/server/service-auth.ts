import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { setActor } from './request-log.js';

/**
 * Bearer service-key authentication for `/v1`. Keys are kept only as SHA-256 hashes and compared
 * in constant time against every configured key (no early exit that would time which one matched).
 */
export function serviceAuth(keys: readonly string[]): MiddlewareHandler {
  const hashes = keys.map((k) => createHash('sha256').update(k).digest());
  return async function requireServiceKey(c, next) {
    const header = c.req.header('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const digest = createHash('sha256').update(presented).digest();
    let ok = false;
    for (const hash of hashes) ok = timingSafeEqual(hash, digest) || ok;
    if (!presented || !ok) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: { code: 'ERR_UNAUTHORIZED', message: 'A valid service key is required' } }, 401);
    }
    setActor('service');
    await next();
  };
}
