'use server';
// Server Actions. Next checks Origin against Host before any of these runs; auth.action() adds
// coatcheck's check (Sec-Fetch-Site, exact origins, the CSRF token when neither header is sent).
import type { NextActionResult } from 'coatcheck/adapters/next';
import { forbidden, redirect, unauthorized } from 'next/navigation';
import { app } from '../lib/sessions';
import { checkCredentials } from '../lib/users';

/** Ends the action with the right status when coatcheck refused it. */
function ensure(result: NextActionResult): asserts result is Extract<NextActionResult, { ok: true }> {
  if (result.ok) return;
  if (result.status === 403) forbidden();
  if (result.status === 401) unauthorized();
  throw new Error(result.code); // 503 and 431: Next answers 500 without detail.
}

export async function signIn(formData: FormData): Promise<void> {
  const { auth, config } = await app();
  const result = await auth.action({ formData, allowAnonymous: true });
  ensure(result);
  const userId = checkCredentials(formData, config.password);
  if (!userId) redirect('/sign-in?error=1');
  // Any session this browser already carried is revoked: a planted token never becomes a login.
  await result.actions.login({ userId });
  redirect('/account');
}

export async function signOut(formData: FormData): Promise<void> {
  const result = await (await app()).auth.action({ formData, allowAnonymous: true });
  ensure(result);
  await result.actions.logout();
  redirect('/sign-in');
}

export async function revokeDevice(formData: FormData): Promise<void> {
  const result = await (await app()).auth.action({ formData });
  ensure(result);
  await result.actions.revoke(String(formData.get('id') ?? ''));
  redirect('/account');
}
