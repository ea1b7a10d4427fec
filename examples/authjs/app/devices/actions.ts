'use server';
import { redirect } from 'next/navigation';
import { auth, signOut } from '../../auth';
import { app } from '../../lib/coatcheck';

/** Signs out one of the signed-in user's other devices (coatcheck checks it is theirs). */
export async function signOutDevice(form: FormData): Promise<void> {
  const session = await auth();
  if (!session?.user?.id) redirect('/sign-in');
  const { sessions } = await app();
  await sessions.revoke(session.user.id, String(form.get('id') ?? ''));
  redirect('/devices');
}

/** Signs this device out (Auth.js deletes the session, so coatcheck forgets it). */
export async function signOutHere(): Promise<void> {
  await signOut({ redirectTo: '/sign-in' });
}
