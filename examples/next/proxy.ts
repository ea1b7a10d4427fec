// Next 16's proxy (middleware.ts before): an early redirect for signed-out visitors of /account.
// Not the security boundary: app/account/page.tsx and every action check the session again.
import { sessionProxy } from 'coatcheck/adapters/next';
import type { NextRequest } from 'next/server';
import { app } from './lib/sessions';

let gate: ReturnType<typeof sessionProxy> | undefined;

export async function proxy(request: NextRequest): Promise<Response | undefined> {
  // Proxy runs on Node.js in Next 16, so it can validate against the store, not just see a cookie.
  gate ??= sessionProxy({ protect: ['/account'], signInPath: '/sign-in', manager: (await app()).sessions });
  return gate(request);
}

export const config = { matcher: ['/account', '/account/:path*'] };
