// The example's one HTML page: a sign-in form, or who is signed in and how many devices they have.
// Forms post to the same JSON routes; the servers answer a form with a redirect back here.
import { USERS } from './users.ts';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PageState {
  user: { userId: string; devices: number } | null;
  error?: string;
}

export function renderPage(state: PageState): string {
  const body = state.user
    ? `<p>Signed in as <strong id="who">${escapeHtml(state.user.userId)}</strong>,
       on <span id="devices">${state.user.devices}</span> device(s).</p>
       <form method="post" action="/logout"><button type="submit" id="sign-out">Sign out</button></form>`
    : `<form id="sign-in" method="post" action="/login">
         ${state.error ? `<p id="error" role="alert">${escapeHtml(state.error)}</p>` : ''}
         <label>User <select id="username" name="username">
           ${USERS.map((u) => `<option>${escapeHtml(u)}</option>`).join('')}
         </select></label>
         <label>Password <input id="password" name="password" type="password" required></label>
         <button type="submit">Sign in</button>
       </form>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>coatcheck example</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>coatcheck example</h1>${body}</body></html>`;
}

/** Headers for the page: no caching (it shows who is signed in), no framing, no foreign scripts. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
  'Content-Type': 'text/html; charset=utf-8',
};
