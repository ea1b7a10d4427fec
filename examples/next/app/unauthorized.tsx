import type { ReactNode } from 'react';

// Rendered with status 401 when an action needs a session and there is none (unauthorized()).
export default function Unauthorized(): ReactNode {
  return (
    <main>
      <h1>Signed out</h1>
      <p>
        <a href="/sign-in">Sign in</a> to continue.
      </p>
    </main>
  );
}
