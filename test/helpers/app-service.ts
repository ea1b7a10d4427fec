// The service app in process (createServiceApp on a real memory store) with an operator key and
// two apps' keys, and a JSON caller for its /v1 routes: the tenant, activity, sign-in and batch
// tests all talk to it the same way.
import { createServiceApp } from '../../src/server/app.js';
import { createTokenService } from '../../src/tokens/index.js';
import { recordSecret } from './log-capture.js';
import { setup } from './manager.js';

export const OPERATOR = `ck_${'o'.repeat(40)}`;
export const BILLING = `ck_${'b'.repeat(40)}`;
export const SHOP = `ck_${'s'.repeat(40)}`;

/** An answer: its status and parsed JSON body (null when it has none). */
export interface V1Answer<Body> {
  status: number;
  body: Body;
}

export function appService() {
  const { manager, events } = setup();
  const tokens = createTokenService({ sessions: manager, issuer: 'https://svc.test', audience: 'coatcheck' });
  const app = createServiceApp({
    sessions: manager,
    tokens,
    serviceKeys: [OPERATOR, `billing=${BILLING}`, `shop=${SHOP}`],
    demo: null,
  });
  /** Calls `/v1<path>` with `key` (none when null); tokens in the answer join the log-hygiene search. */
  async function v1<Body = Record<string, unknown>>(
    key: string | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<V1Answer<Body>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const res = await app.request(`http://svc.test/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    for (const field of ['token', 'csrfToken'] as const) {
      if (typeof parsed?.[field] === 'string') recordSecret(parsed[field]);
    }
    return { status: res.status, body: parsed as Body };
  }
  return { v1, app, manager, events };
}
