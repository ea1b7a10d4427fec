// Next.js shapes, declared structurally: coatcheck never imports `next`, so it builds, type-checks
// and runs without it. Next's own objects (`cookies()`, `headers()`, `NextRequest`) fit these.
import type { HeaderList } from '../web/request.js';

export type { HeaderList };

/** The options `cookies().set()` takes (Next's `ResponseCookie`, the part coatcheck writes). */
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

/** The part of Next's `cookies()` store coatcheck writes to (Server Actions, Route Handlers). */
export interface NextCookieStore {
  set(name: string, value: string, options?: NextCookieOptions): unknown;
}

/** `cookies` from `next/headers`, or anything returning a store like it. */
export type NextCookiesFunction = () => Promise<NextCookieStore> | NextCookieStore;

/** `headers` from `next/headers`, or anything returning a header list like it. */
export type NextHeadersFunction = () => Promise<HeaderList> | HeaderList;

/** What the proxy helper reads from Next's `NextRequest` (a web `Request` fits too). */
export interface NextProxyRequest {
  method: string;
  url: string;
  headers: HeaderList;
}
