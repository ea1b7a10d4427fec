import Link from 'next/link';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { type ReactNode, Suspense } from 'react';
import { app } from '../../lib/sessions';
import { revokeDevice, signOut } from '../actions';

// With Cache Components (on in a new create-next-app), whatever reads the request renders inside
// <Suspense>: the shell is prerendered, the session part is rendered per request.
export default function AccountPage(): ReactNode {
  return (
    <Suspense fallback={<p>Loading your account…</p>}>
      <Account />
    </Suspense>
  );
}

// The page checks the session itself: proxy.ts only redirects early and is no security boundary.
async function Account(): Promise<ReactNode> {
  await connection(); // Per request, never prerendered: the page depends on the session.
  const { auth, sessions } = await app();
  const result = await auth.session();
  if (!result.ok && result.status === 401) redirect('/sign-in');
  if (!result.ok) throw new Error(result.code);
  const { session, csrfToken } = result;
  const devices = await sessions.list(session.userId, session.id);
  return (
    <main>
      <h1>
        Signed in as <span data-testid="user">{session.userId}</span>
      </h1>
      <form action={signOut}>
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit">Sign out</button>
      </form>
      <h2>Your devices</h2>
      {/* A client-side navigation: after a revocation the proxy answers it with a quiet redirect. */}
      <Link href="/account" prefetch={false}>
        Reload the list
      </Link>
      <ul>
        {devices.map((device) => (
          <li key={device.id} data-session-id={device.id}>
            {device.userAgent ?? 'unknown browser'}, since {new Date(device.createdAt).toISOString()}
            {device.current ? ' (this device)' : null}
            <form action={revokeDevice} style={{ display: 'inline' }}>
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="id" value={device.id} />{' '}
              <button type="submit">Sign out this device</button>
            </form>
          </li>
        ))}
      </ul>
    </main>
  );
}
