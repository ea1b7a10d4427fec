import type { ActivityEntry } from '../../core/manager.js';
import type { SessionInfo } from '../../core/session.js';
import { activityCard } from './activity-card.js';
import { html, SafeHtml } from './html.js';
import { DEMO_SCRIPT } from './script.js';
import { DEMO_CSS } from './styles.js';

/** What the demo page shows: the signed-in user and their devices, or the sign-in form. */
export interface DemoPageModel {
  user: {
    userId: string;
    sessionId: string;
    csrfToken: string;
    devices: SessionInfo[];
    /** The newest entries of the user's activity log. */
    activity?: readonly ActivityEntry[] | undefined;
  } | null;
  users: readonly string[];
  /** A message after a failed sign-in, shown once. */
  error?: string | undefined;
}

const time = (ms: number): SafeHtml =>
  html`<time datetime="${new Date(ms).toISOString()}">${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC</time>`;

function signIn(model: DemoPageModel): SafeHtml {
  return html`<section class="card" id="sign-in">
    <h2>Sign in</h2>
    <form method="post" action="/auth/login">
      <label for="username">User</label>
      <select id="username" name="username">${model.users.map((u) => html`<option value="${u}">${u}</option>`)}</select>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <div class="actions"><button type="submit">Sign in</button></div>
      <p class="error" role="alert">${model.error ?? ''}</p>
    </form>
    <p class="muted">The demo password was printed when the service started.</p>
  </section>`;
}

function devices(user: NonNullable<DemoPageModel['user']>): SafeHtml {
  const rows = user.devices.map(
    (d) => html`<tr data-session-id="${d.id}">
      <td class="device" title="${d.userAgent ?? ''}">${d.device ?? d.userAgent ?? 'Unknown device'} ${d.current ? html`<span class="badge">this device</span>` : ''}</td>
      <td><code title="${d.id}">${d.id.slice(0, 12)}…</code></td>
      <td>${time(d.createdAt)}</td><td>${time(d.lastSeenAt)}</td><td>${d.ip ?? ''}</td>
      <td>${d.current ? '' : html`<button class="danger" data-revoke="${d.id}">Sign out</button>`}</td>
    </tr>`,
  );
  return html`<section class="card" id="devices">
    <h2>Your devices (${user.devices.length})</h2>
    <table><thead><tr><th>Device</th><th>Session</th><th>Created</th><th>Last seen</th><th>IP</th><th></th></tr></thead>
    <tbody>${rows}</tbody></table>
    <div class="actions">
      <form method="post" action="/auth/sessions/revoke-others"><input type="hidden" name="_csrf" value="${user.csrfToken}"><button class="secondary" type="submit">Sign out all other devices</button></form>
      <form method="post" action="/auth/sessions/revoke-all"><input type="hidden" name="_csrf" value="${user.csrfToken}"><button class="danger" type="submit">Sign out everywhere</button></form>
      <form method="post" action="/auth/logout"><input type="hidden" name="_csrf" value="${user.csrfToken}"><button class="secondary" type="submit">Sign out this device</button></form>
    </div>
  </section>`;
}

function tokens(): SafeHtml {
  return html`<section class="card" id="tokens">
    <h2>Tokens for an API client</h2>
    <p class="muted">A short-lived access token (JWT) and a rotating refresh token for this session.
    Refreshing twice with the same refresh token outside the grace window signs the session out.</p>
    <div class="actions"><button id="issue-tokens">Issue tokens</button><button class="secondary" id="refresh-tokens" disabled>Refresh</button></div>
    <pre id="token-output" aria-live="polite">No tokens yet.</pre>
  </section>`;
}

/** Renders the whole demo page; every dynamic value is escaped. */
export function renderDemoPage(model: DemoPageModel): string {
  const body = model.user
    ? html`<p>Signed in as <strong id="who">${model.user.userId}</strong>.</p>${devices(model.user)}${activityCard(model.user.activity ?? [])}${tokens()}`
    : signIn(model);
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>coatcheck demo</title><meta name="csrf-token" content="${model.user?.csrfToken ?? ''}">
<style>${new SafeHtml(DEMO_CSS)}</style></head>
<body><main>
<header><h1>coatcheck</h1><a href="/.well-known/jwks.json">JWKS</a></header>
<p class="tagline">Your browser holds only a claim ticket; the session lives on the server, where you can see it and end it.</p>
${body}
</main><script>${new SafeHtml(DEMO_SCRIPT)}</script></body></html>`.value;
}
