import type { ReactNode } from 'react';
import { signIn } from '../actions';

export default async function SignIn({
  searchParams,
}: {
  searchParams: Promise<{ error?: string }>;
}): Promise<ReactNode> {
  const { error } = await searchParams;
  return (
    <main>
      <h1>Sign in</h1>
      {error ? <p role="alert">Wrong username or password.</p> : null}
      <form action={signIn}>
        <label>
          Username <input name="username" autoComplete="username" required />
        </label>{' '}
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>{' '}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
