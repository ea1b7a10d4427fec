import type { ActivityEntry } from '../../core/manager.js';
import { html, type SafeHtml } from './html.js';

// What each entry says to the person reading it.
const WHAT: Record<ActivityEntry['type'], string> = {
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  'session-revoked': 'Session ended',
  'session-expired': 'Session expired',
  'refresh-reuse-detected': 'Stolen refresh token suspected: session ended',
  'step-up': 'Confirmed identity again',
  'access-tokens-revoked': 'Access tokens revoked',
  'new-device': 'New device or network',
  'everything-ended': 'Signed out everywhere, all tokens revoked',
};

const WHO: Record<ActivityEntry['actor'], string> = {
  user: 'you',
  'other-session': 'you, from another device',
  operator: 'an administrator',
  'session-limit': 'the session limit',
  system: 'coatcheck',
};

const when = (ms: number): SafeHtml =>
  html`<time datetime="${new Date(ms).toISOString()}">${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC</time>`;

/** The "Recent activity" card: the newest entries of the signed-in user's log. */
export function activityCard(entries: readonly ActivityEntry[]): SafeHtml {
  const rows = entries.map(
    (e) => html`<tr data-activity="${e.type}">
      <td>${when(e.at)}</td><td>${WHAT[e.type] ?? e.type}</td><td>${e.device ?? ''}</td><td>${e.ip ?? ''}</td>
      <td>${WHO[e.actor] ?? e.actor}</td>
    </tr>`,
  );
  return html`<section class="card" id="activity">
    <h2>Recent activity</h2>
    ${
      entries.length
        ? html`<table><thead><tr><th>When</th><th>What</th><th>Device</th><th>IP</th><th>By</th></tr></thead>
    <tbody>${rows}</tbody></table>`
        : html`<p class="muted">Nothing yet.</p>`
    }
  </section>`;
}
