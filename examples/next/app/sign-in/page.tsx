import { type ReactNode, Suspense } from 'react';
import { signIn } from '../actions';

type SearchParams = Promise<{ error?: string }>;

// The form is static; only the error notice reads the request (searchParams), so with Cache
// Components (on in a new create-next-app) it alone renders per request, inside <Suspense>.
export default function SignIn({ searchParams }: { searchParams: SearchParams }): ReactNode {
  return (
    <main>
      <h1>Sign in</h1>
      <Suspense fallback={null}>
        <SignInError searchParams={searchParams} />
      </Suspense>
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

async function SignInError({ searchParams }: { searchParams: SearchParams }): Promise<ReactNode> {
  const { error } = await searchParams;
  return error ? <p role="alert">Wrong username or password.</p> : null;
}
