// A real express-session + connect-redis app creates sessions in a real Redis; the app is switched
// to coatcheck with migration mode; the same cookie jars stay signed in, with their data.
import type { Server } from 'node:http';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { coatcheck, requireSession } from '../../src/adapters/express/index.js';
import { createSessionManager, Keyring } from '../../src/index.js';
import { createLegacyMigration } from '../../src/migrate/index.js';
import { redisStore } from '../helpers/redis-stores.js';

const SECRET = 'the-old-express-session-secret';
const prefix = `legacy-${Date.now()}:`;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  client = createClient({ url: inject('redis').standalone });
  await client.connect();
});
afterAll(async () => client.quit());

function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe('switching an express-session + connect-redis app to coatcheck', () => {
  it('keeps every cookie jar signed in with its data, retires legacy keys, refuses forgeries, migrates once', async () => {
    const legacyStore = new ConnectRedisStore({ client, prefix });
    const old = express();
    old.use(session({ store: legacyStore, secret: SECRET, resave: false, saveUninitialized: false }));
    old.get('/login/:user', (req, res) => {
      (req.session as unknown as { user: string; cart: number[] }).user = req.params.user;
      (req.session as unknown as { cart: number[] }).cart = [req.params.user.length];
      res.send('ok');
    });
    const oldApp = await listen(old);
    const jars: Record<string, string> = {};
    for (const user of ['alice', 'bob', 'carol', 'dave']) {
      const res = await fetch(`${oldApp.url}/login/${user}`);
      jars[user] = res.headers.getSetCookie()[0]!.split(';')[0]!;
    }
    await oldApp.close();
    expect((await client.keys(`${prefix}*`)).length).toBe(4);

    const sessions = createSessionManager({
      store: await redisStore('standalone'),
      secrets: Keyring.generateSecret('k1'),
      cookie: { secure: false },
    });
    const migrate = createLegacyMigration({
      manager: sessions,
      legacySecrets: [SECRET],
      source: {
        get: async (sid) => ((await legacyStore.get(sid)) as unknown) ?? null,
        destroy: async (sid) => void (await legacyStore.destroy(sid)),
      },
      map: (legacy) => {
        const s = legacy as { user?: string; cart?: number[] };
        return s.user ? { userId: s.user, data: { cart: s.cart ?? [] } } : null;
      },
      until: new Date(Date.now() + 86_400_000),
    });
    const app = express();
    app.use(coatcheck(sessions, { legacy: { migrate } }));
    app.get(
      '/me',
      requireSession(),
      (req, res) =>
        void res.json({ userId: req.coatcheck.session!.userId, data: req.coatcheck.session!.data }),
    );
    app.post('/me', (req, res) => void res.json({ signedIn: req.coatcheck.session !== null }));
    const next = await listen(app);
    try {
      // An unsafe request that passes the cross-origin check still does not migrate.
      const post = await fetch(`${next.url}/me`, {
        method: 'POST',
        headers: { cookie: jars.dave!, 'sec-fetch-site': 'same-origin' },
      });
      expect(await post.json()).toEqual({ signedIn: false });
      expect(await sessions.list('dave')).toEqual([]);
      const [first, second] = await Promise.all([
        fetch(`${next.url}/me`, { headers: { cookie: jars.alice! } }),
        fetch(`${next.url}/me`, { headers: { cookie: jars.alice! } }),
      ]);
      expect(await first.json()).toEqual({ userId: 'alice', data: { cart: [5] } });
      expect(second.status).toBe(200);
      const coatcheckCookie = first.headers
        .getSetCookie()
        .find((c) => c.startsWith('sid='))!
        .split(';')[0]!;
      expect(first.headers.getSetCookie().some((c) => c.startsWith('connect.sid=;'))).toBe(true);
      expect((await fetch(`${next.url}/me`, { headers: { cookie: coatcheckCookie } })).status).toBe(200);
      for (const user of ['bob', 'carol', 'dave']) {
        expect(
          await (await fetch(`${next.url}/me`, { headers: { cookie: jars[user]! } })).json(),
        ).toMatchObject({ userId: user });
      }
      expect(await client.keys(`${prefix}*`)).toEqual([]);
      expect(await sessions.list('alice')).toHaveLength(1);
      const forged = jars.bob!.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect((await fetch(`${next.url}/me`, { headers: { cookie: forged } })).status).toBe(401);
      const stale = await fetch(`${next.url}/me`, { method: 'POST', headers: { cookie: jars.carol! } });
      expect(await stale.json()).toEqual({ signedIn: false });
    } finally {
      await next.close();
      await sessions.options.store.close();
    }
  });
});
