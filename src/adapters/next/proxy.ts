import { findCookie } from '../../cookies/parse.js';
import type { SessionManager } from '../../core/manager.js';
import { isSessionError, type SessionErrorCode } from '../../errors.js';
import { refusal } from '../../http/errors.js';
import { jsonAnswer } from './route.js';
import type { NextProxyRequest } from './types.js';

/**
 * Options of {@link sessionProxy}.
 *
 * @example
 * ```ts
 * import type { SessionProxyOptions } from 'coatcheck/adapters/next';
 * const options: SessionProxyOptions = { protect: ['/account'], signInPath: '/sign-in' };
 * ```
 */
export interface SessionProxyOptions {
  /** Path prefixes to protect: `/account` covers `/account` and `/account/…`, not `/accounts`. */
  protect: readonly string[];
  /**
   * Where page navigations without a session go (GET/HEAD not asking for JSON: page loads and the
   * client router's page fetches); otherwise 401 JSON.
   */
  signInPath?: string;
  /**
   * With a manager the session is validated against the store (Node.js runtime, the default for
   * Next 16's `proxy.ts`); without one only the cookie's presence is checked (any runtime). A
   * function is called per request inside the fail-closed mapping, so a store opened lazily (never
   * during `next build`) and found down answers 503 too.
   */
  manager?: SessionManager | (() => SessionManager | Promise<SessionManager>);
  /** The session cookie's name: default the manager's, else `__Host-sid` (set it with a lazy manager). */
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
 * // or, opening the store at the first request: manager: async () => (await app()).sessions
 * export const config = { matcher: ['/account/:path*'] };
 * ```
 */
export function sessionProxy(
  options: SessionProxyOptions,
): (request: NextProxyRequest) => Promise<Response | undefined> {
  const instance = typeof options.manager === 'object' ? options.manager : undefined;
  const cookieName = options.cookieName ?? instance?.cookieName ?? '__Host-sid';
  return async function coatcheckProxy(request: NextProxyRequest): Promise<Response | undefined> {
    if (!isProtected(decodedPath(request.url), options.protect)) return undefined;
    const lookup = findCookie(request.headers.get('cookie'), cookieName);
    if (lookup.status === 'too-large') return refuse('ERR_BAD_REQUEST', 'Cookie header too large', 431);
    if (lookup.status !== 'found') return deny(request, options.signInPath);
    if (!options.manager) return undefined;
    try {
      const manager = typeof options.manager === 'function' ? await options.manager() : options.manager;
      const result = await manager.validate(lookup.value);
      if (result.session) return undefined;
      const denied = deny(request, options.signInPath);
      if (result.cookie) denied.headers.append('Set-Cookie', result.cookie.header);
      return denied;
    } catch (error) {
      if (isSessionError(error, 'ERR_STORE_UNAVAILABLE')) {
        return refuse(error.code);
      }
      throw error;
    }
  };
}

// A page navigation: a GET or HEAD that does not ask for JSON. Browsers' page loads ask for HTML;
// the client router's page fetches (`<Link>`, prefetches) send `Accept: */*`, and Next removes their
// RSC headers before proxy.ts runs, so they look like any other fetch. A redirect answers them
// quietly (the router follows it to the sign-in page), where a 401 is logged in the console before
// a full reload. API clients that ask for JSON get 401 JSON.
function isNavigation(request: NextProxyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('text/html') || !accept.includes('json');
}

function deny(request: NextProxyRequest, signInPath: string | undefined): Response {
  const navigation = isNavigation(request);
  if (signInPath && navigation) {
    const headers = new Headers({
      Location: new URL(signInPath, request.url).href,
      'Cache-Control': 'no-store',
    });
    return new Response(null, { status: 307, headers });
  }
  return refuse('ERR_NO_SESSION');
}

function refuse(code: SessionErrorCode, message?: string, status?: number): Response {
  const answer = refusal(code, message);
  return jsonAnswer(status ?? answer.status, answer.body);
}
