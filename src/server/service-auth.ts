import { hash, timingSafeEqual } from 'node:crypto';
import { parseServiceKeys } from './service-keys.js';

/** Who a presented service key speaks for: an app (tenant), or null for an operator key. */
export interface ServiceCaller {
  app: string | null;
}

/**
 * Bearer service-key authentication for `/v1`. Keys are kept only as SHA-256 hashes and compared
 * in constant time against every configured key (no early exit that would time which one
 * matched). Returns the caller, or null when the `Authorization` header holds no valid key.
 */
export function serviceKeyCheck(
  entries: readonly string[],
): (authorization: string | undefined) => ServiceCaller | null {
  const keys = parseServiceKeys(entries);
  return function checkServiceKey(authorization) {
    const header = authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!presented) return null;
    const digest = hash('sha256', presented, 'buffer');
    let matched: (typeof keys)[number] | undefined;
    for (const key of keys) if (timingSafeEqual(key.hash, digest)) matched = key;
    return matched ? { app: matched.app } : null;
  };
}
