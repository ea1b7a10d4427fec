import type { ReactNode } from 'react';

// Rendered with status 403 when an action refuses a cross-origin request (forbidden()).
export default function Forbidden(): ReactNode {
  return (
    <main>
      <h1>Request refused</h1>
      <p>This request did not come from this site.</p>
    </main>
  );
}
