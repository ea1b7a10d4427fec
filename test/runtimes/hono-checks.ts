// The Hono adapter over real HTTP on this runtime's own server, with the sessions in Redis:
// sign-in sets the cookie, the cookie opens /me, a cross-site POST is refused, logout ends it.
import { Hono } from 'hono';
import {
  type CoatcheckVariables,
  coatcheck,
  requireSession,
  sessionErrors,
} from '../../dist/adapters/hono/index.js';
import { createSessionManager, Keyring } from '../../dist/index.js';
import { RedisStore } from '../../dist/stores/redis/index.js';
import { assertEqual, type Check } from './checks.ts';
import { type Served, serve } from './serve.ts';

function app(manager: ReturnType<typeof createSessionManager>, origin: () => string) {
  const hono = new Hono<{ Variables: CoatcheckVariables }>();
  hono.use(coatcheck(manager, { trustedOrigins: [origin()] }));
  hono.post('/login', async (c) => {
    const { session, csrfToken } = await c.get('coatcheck').login({ userId: 'alice' });
    return c.json({ userId: session.userId, csrfToken });
  });
  hono.get('/me', requireSession(), (c) => c.json({ userId: c.get('coatcheck').session.userId }));
  hono.post('/logout', async (c) => {
    await c.get('coatcheck').logout();
    return c.body(null, 204);
  });
  hono.onError(sessionErrors());
  return hono;
}

/** The `name=value` part of the session cookie a response set. */
function sessionCookie(response: Response): string {
  const header = response.headers.getSetCookie().find((h) => h.startsWith('__Host-sid='));
  if (!header) throw new Error(`expected a __Host-sid cookie, got ${response.status}`);
  return header.split(';')[0] ?? '';
}

export function honoChecks(env: { redisUrl: string }): Check[] {
  return [
    {
      name: 'hono adapter over HTTP, sessions in Redis: login, /me, CSRF refusal, logout',
      async run() {
        const store = await RedisStore.connect({
          connection: { url: env.redisUrl },
          prefix: `rt:${crypto.randomUUID().slice(0, 8)}:`,
        });
        const manager = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
        let served: Served | undefined;
        served = await serve((request) => app(manager, () => served?.origin ?? '').fetch(request));
        const { origin } = served;
        const call = (path: string, init: RequestInit = {}) => fetch(`${origin}${path}`, init);
        try {
          const login = await call('/login', { method: 'POST', headers: { origin } });
          assertEqual(login.status, 200, 'login status');
          const cookie = sessionCookie(login);
          const me = await call('/me', { headers: { cookie } });
          assertEqual([me.status, await me.json()], [200, { userId: 'alice' }], '/me with the cookie');
          const crossSite = { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' };
          const refused = await call('/logout', { method: 'POST', headers: crossSite });
          assertEqual(refused.status, 403, 'a cross-site logout');
          assertEqual((await call('/me', { headers: { cookie } })).status, 200, '/me after the refusal');
          const out = await call('/logout', { method: 'POST', headers: { cookie, origin } });
          assertEqual(out.status, 204, 'logout status');
          const after = await call('/me', { headers: { cookie } });
          assertEqual(after.status, 401, '/me with the revoked cookie');
          const body = (await after.json()) as { error?: { code?: string } };
          assertEqual(body.error?.code, 'ERR_NO_SESSION', 'the error code');
        } finally {
          await served.close();
          await store.close();
        }
      },
    },
  ];
}
