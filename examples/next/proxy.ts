// Next 16's proxy (middleware.ts before): an early redirect for signed-out visitors of /account.
// Not the security boundary: app/account/page.tsx and every action check the session again.
import { sessionProxy } from 'coatcheck/adapters/next';
import type { NextRequest } from 'next/server';
import { app } from './lib/sessions';

// Proxy runs on Node.js in Next 16, so it validates against the store, not just the cookie's presence.
// The store opens at the first request (never during `next build`); if it is down the answer is 503.
const gate = sessionProxy({
  protect: ['/account'],
  signInPath: '/sign-in',
  manager: async () => (await app()).sessions,
});

export function proxy(request: NextRequest): Promise<Response | undefined> {
  return gate(request);
}

export const config = { matcher: ['/account', '/account/:path*'] };
