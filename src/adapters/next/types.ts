// Next.js shapes, declared structurally: coatcheck never imports `next`, so it builds, type-checks
// and runs without it. Next's own objects (`cookies()`, `headers()`, `NextRequest`) fit these.
import type { HeaderList } from '../web/request.js';

export type { HeaderList };

/**
 * The options `cookies().set()` takes (Next's `ResponseCookie`, the part coatcheck writes).
 *
 * @example
 * ```ts
 * import type { NextCookieOptions } from 'coatcheck/adapters/next';
 * const options: NextCookieOptions = { path: '/', secure: true, httpOnly: true, sameSite: 'lax' };
 * ```
 */
export interface NextCookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  path?: string;
  domain?: string;
  maxAge?: number;
  expires?: Date;
  partitioned?: boolean;
}

/**
 * The part of Next's `cookies()` store coatcheck writes to (Server Actions, Route Handlers).
 *
 * @example
 * ```ts
 * import type { NextCookieStore } from 'coatcheck/adapters/next';
 * import { cookies } from 'next/headers';
 * const store: NextCookieStore = await cookies();
 * ```
 */
export interface NextCookieStore {
  set(name: string, value: string, options?: NextCookieOptions): unknown;
}

/**
 * `cookies` from `next/headers`, or anything returning a store like it.
 *
 * @example
 * ```ts
 * import type { NextCookiesFunction } from 'coatcheck/adapters/next';
 * import { cookies } from 'next/headers';
 * const read: NextCookiesFunction = cookies;
 * ```
 */
export type NextCookiesFunction = () => Promise<NextCookieStore> | NextCookieStore;

/**
 * `headers` from `next/headers`, or anything returning a header list like it.
 *
 * @example
 * ```ts
 * import type { NextHeadersFunction } from 'coatcheck/adapters/next';
 * import { headers } from 'next/headers';
 * const read: NextHeadersFunction = headers;
 * ```
 */
export type NextHeadersFunction = () => Promise<HeaderList> | HeaderList;

/**
 * What the proxy helper reads from Next's `NextRequest` (a web `Request` fits too).
 *
 * @example
 * ```ts
 * import type { NextProxyRequest } from 'coatcheck/adapters/next';
 * const request: NextProxyRequest = new Request('https://app.example/account');
 * ```
 */
export interface NextProxyRequest {
  method: string;
  url: string;
  headers: HeaderList;
}
