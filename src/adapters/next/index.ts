// `coatcheck/adapters/next`: Next.js App Router (Server Components, Server Actions, Route
// Handlers, proxy.ts). `next` is an optional peer and is never imported.
export { toNextCookieOptions } from './cookies.js';
export { type SessionProxyOptions, sessionProxy } from './proxy.js';
export type { NextActionResult, NextReadResult, NextSessionFailure } from './results.js';
export type { NextRoute, RouteOptions, RouteSession } from './route.js';
export { createNextSessions, type NextSessions, type NextSessionsOptions } from './sessions.js';
export type {
  HeaderList,
  NextCookieOptions,
  NextCookieStore,
  NextCookiesFunction,
  NextHeadersFunction,
  NextProxyRequest,
} from './types.js';
