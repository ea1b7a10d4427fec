import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { auth } from '../../auth';
import { app } from '../../lib/coatcheck';
import { signOutDevice, signOutHere } from './actions';

export const dynamic = 'force-dynamic';

// Auth.js's session cookie: `__Secure-` prefixed over HTTPS.
async function sessionToken(): Promise<string | undefined> {
  const jar = await cookies();
  return (jar.get('__Secure-authjs.session-token') ?? jar.get('authjs.session-token'))?.value;
}

export default async function Devices(): Promise<ReactNode> {
  const session = await auth();
  if (!session?.user?.id) redirect('/sign-in');
  const { sessions } = await app();
  const devices = await sessions.list(session.user.id, await sessionToken());
  return (
    <main>
      <h1>Your devices</h1>
      <p>
        Signed in as <span id="email">{session.user.email}</span> (user{' '}
        <span id="user-id">{session.user.id}</span>)
      </p>
      <ul id="devices">
        {devices.map((device) => (
          <li key={device.id} data-device={device.id} data-current={device.current}>
            {device.userAgent ?? 'unknown device'} · since {new Date(device.createdAt).toISOString()}
            {device.current ? (
              ' (this device)'
            ) : (
              <form action={signOutDevice} style={{ display: 'inline' }}>
                <input type="hidden" name="id" value={device.id} />{' '}
                <button type="submit">Sign out this device</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <form action={signOutHere}>
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}
