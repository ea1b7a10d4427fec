import { findCookie } from '../../cookies/parse.js';
import type { SessionManager } from '../../core/manager.js';
import { isSessionError } from '../../errors.js';
import { jsonAnswer } from './route.js';
import type { NextProxyRequest } from './types.js';

export interface SessionProxyOptions {
  /** Path prefixes to protect: `/account` covers `/account` and `/account/…`, not `/accounts`. */
  protect: readonly string[];
  /** Where page navigations (GET/HEAD asking for HTML) without a session go; otherwise 401 JSON. */
  signInPath?: string;
  /**
   * With a manager the session is validated against the store (Node.js runtime, the default for
   * Next 16's `proxy.ts`); without one only the cookie's presence is checked (any runtime).
   */
  manager?: SessionManager;
  /** The session cookie's name when no manager is given. Default `__Host-sid`. */
  cookieName?: string;
}

function decodedPath(url: string): string {
  const raw = new URL(url).pathname;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function isProtected(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => {
    const prefix = p.endsWith('/') ? p.slice(0, -1) : p;
    return path === prefix || path.startsWith(`${prefix}/`) || prefix === '';
  });
}

/**
 * An optimistic gate for Next's `proxy.ts` (`middleware.ts` before Next 16): requests to protected
 * paths without a session are redirected to the sign-in page (navigations) or answered 401, and a
 * store outage is answered 503. Returns `undefined` to let the request through. It is not a
 * security boundary on its own: every page, action and route handler must check the session again.
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { sessionProxy } from 'coatcheck/adapters/next';
 * import { sessions } from './lib/sessions';
 * export const proxy = sessionProxy({ protect: ['/account'], signInPath: '/sign-in', manager: sessions });
 * export const config = { matcher: ['/account/:path*'] };
 * ```
 */
export function sessionProxy(
  options: SessionProxyOptions,
): (request: NextProxyRequest) => Promise<Response | undefined> {
  const cookieName = options.manager?.cookieName ?? options.cookieName ?? '__Host-sid';
  return async function coatcheckProxy(request: NextProxyRequest): Promise<Response | undefined> {
    if (!isProtected(decodedPath(request.url), options.protect)) return undefined;
    const lookup = findCookie(request.headers.get('cookie'), cookieName);
    if (lookup.status === 'too-large') return refuse(431, 'ERR_BAD_REQUEST', 'Cookie header too large');
    if (lookup.status !== 'found') return deny(request, options.signInPath);
    if (!options.manager) return undefined;
    try {
      const result = await options.manager.validate(lookup.value);
      if (result.session) return undefined;
      const denied = deny(request, options.signInPath);
      if (result.cookie) denied.headers.append('Set-Cookie', result.cookie.header);
      return denied;
    } catch (error) {
      if (isSessionError(error, 'ERR_STORE_UNAVAILABLE')) {
        return refuse(503, error.code, 'Session store unavailable');
      }
      throw error;
    }
  };
}

function deny(request: NextProxyRequest, signInPath: string | undefined): Response {
  const navigation =
    (request.method === 'GET' || request.method === 'HEAD') &&
    (request.headers.get('accept') ?? '').includes('text/html');
  if (signInPath && navigation) {
    const headers = new Headers({
      Location: new URL(signInPath, request.url).href,
      'Cache-Control': 'no-store',
    });
    return new Response(null, { status: 307, headers });
  }
  return refuse(401, 'ERR_NO_SESSION', 'Sign in first');
}

function refuse(status: number, code: string, message: string): Response {
  return jsonAnswer(status, { error: { code, message } });
}
