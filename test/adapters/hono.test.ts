import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type CoatcheckVariables, coatcheck } from '../../src/adapters/hono/index.js';
import { setup } from '../helpers/manager.js';
import { honoApp } from './apps/hono-app.js';
import { runGuardScenarios } from './guard-scenarios.js';
import { fetchHarness, type HarnessFactory, inProcessHarness } from './harness.js';
import { runAdapterScenarios } from './scenarios.js';

const inProcess: HarnessFactory = async (manager) => {
  const app = honoApp(manager);
  return inProcessHarness(async ({ method, path, headers, body }) =>
    app.request(path, { method, headers, body }),
  );
};

const listening: HarnessFactory = async (manager) => {
  const app = honoApp(manager);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return fetchHarness(`http://127.0.0.1:${port}`, () => new Promise((r) => server.close(() => r())));
};

runAdapterScenarios('Hono 4, app.request', inProcess);
runGuardScenarios('Hono 4, app.request', inProcess);
runAdapterScenarios('Hono 4, node server', listening);
runGuardScenarios('Hono 4, node server', listening);

describe('Hono: one source of truth for the session', () => {
  it('c.get("coatcheck").session follows login() and logout() within the request', async () => {
    const { manager } = setup();
    const app = new Hono<{ Variables: CoatcheckVariables }>();
    const seen: (string | null)[] = [];
    app.use(coatcheck(manager));
    // An outer middleware reads the session after the handler ran: it sees the handler's login.
    app.use(async (c, next) => {
      seen.push(c.get('coatcheck').session?.userId ?? null);
      await next();
      seen.push(c.get('coatcheck').session?.userId ?? null);
    });
    app.post('/login', async (c) => {
      await c.get('coatcheck').login({ userId: 'alice' });
      return c.json({ userId: c.get('coatcheck').session?.userId ?? null });
    });
    app.post('/logout', async (c) => {
      await c.get('coatcheck').logout();
      return c.json({ userId: c.get('coatcheck').session?.userId ?? null });
    });
    // There is no second copy to go stale: the session variable is gone from the types.
    app.get('/stale', (c) => {
      // @ts-expect-error `session` is not a context variable; read c.get('coatcheck').session
      return c.json(c.get('session') ?? null);
    });
    const post = (path: string, cookie?: string) =>
      app.request(path, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) },
      });
    const login = await post('/login');
    expect(await login.json()).toEqual({ userId: 'alice' });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(await (await post('/logout', cookie)).json()).toEqual({ userId: null });
    expect(seen).toEqual([null, 'alice', 'alice', null]);
  });
});
