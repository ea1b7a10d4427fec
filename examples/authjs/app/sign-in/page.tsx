import type { ReactNode } from 'react';
import { signIn } from '../../auth';

async function sendLink(form: FormData): Promise<void> {
  'use server';
  await signIn('outbox', { email: String(form.get('email') ?? ''), redirectTo: '/devices' });
}

export default function SignIn(): ReactNode {
  return (
    <main>
      <h1>Sign in</h1>
      <form action={sendLink}>
        <label>
          E-mail <input name="email" type="email" required autoComplete="email" />
        </label>{' '}
        <button type="submit">Send me a sign-in link</button>
      </form>
    </main>
  );
}
