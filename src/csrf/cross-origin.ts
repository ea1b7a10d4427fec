import { normalizeOrigins } from './origins.js';

/** The request facts the cross-origin decision needs; adapters read them from raw headers. */
export interface CrossOriginRequest {
  /** The method as sent on the wire; method-override headers and fields are never consulted. */
  method: string;
  secFetchSite: string | null | undefined;
  origin: string | null | undefined;
  /** Whether the request carries the session cookie (ambient credentials to protect). */
  hasSessionCookie: boolean;
}

/** Configuration of the cross-origin check. */
export interface CrossOriginOptions {
  /** Origins whose requests are trusted even when `Sec-Fetch-Site` says cross-site or same-site. */
  trustedOrigins?: readonly string[];
  /** Allow `Sec-Fetch-Site: same-site` (sibling subdomains). Default false. */
  allowSameSite?: boolean;
}

/** What to do with a request: let it through, require a CSRF token, or refuse it (403). */
export type CrossOriginVerdict =
  | { action: 'allow' }
  | { action: 'require-token' }
  | { action: 'reject'; reason: 'cross-site' | 'same-site' | 'untrusted-origin' | 'bad-fetch-metadata' };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Builds the cross-origin decision: Fetch Metadata first, then an exact Origin allowlist, then a
 * CSRF token when neither header is present and the session cookie is. Content-Type is never
 * consulted, so no body encoding can slip past it.
 *
 * @example
 * ```ts
 * import { createCrossOriginCheck } from 'coatcheck';
 * const check = createCrossOriginCheck({ trustedOrigins: ['https://app.example'] });
 * const verdict = check({ method: 'POST', secFetchSite: 'cross-site', origin: null, hasSessionCookie: true });
 * // → { action: 'reject', reason: 'cross-site' }
 * ```
 */
export function createCrossOriginCheck(
  options: CrossOriginOptions = {},
): (request: CrossOriginRequest) => CrossOriginVerdict {
  const trusted = normalizeOrigins(options.trustedOrigins ?? []);
  const allowSameSite = options.allowSameSite ?? false;
  return function decideCrossOrigin(request: CrossOriginRequest): CrossOriginVerdict {
    if (SAFE_METHODS.has(request.method)) return { action: 'allow' };
    const origin = request.origin ?? null;
    const isTrusted = origin !== null && trusted.has(origin);
    switch (request.secFetchSite ?? null) {
      case 'same-origin':
      case 'none':
        return { action: 'allow' };
      case 'same-site':
        return allowSameSite || isTrusted ? { action: 'allow' } : { action: 'reject', reason: 'same-site' };
      case 'cross-site':
        return isTrusted ? { action: 'allow' } : { action: 'reject', reason: 'cross-site' };
      case null:
        break;
      default:
        return { action: 'reject', reason: 'bad-fetch-metadata' };
    }
    if (origin !== null)
      return isTrusted ? { action: 'allow' } : { action: 'reject', reason: 'untrusted-origin' };
    return request.hasSessionCookie ? { action: 'require-token' } : { action: 'allow' };
  };
}
