// A real @fastify/session + connect-redis app creates sessions in a real Redis; the app is switched
// to coatcheck's Fastify plugin with migration mode; the same cookie jars stay signed in.
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import Fastify, { type FastifyInstance } from 'fastify';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { coatcheck } from '../../src/adapters/fastify/index.js';
import { createSessionManager, Keyring } from '../../src/index.js';
import { createLegacyMigration } from '../../src/migrate/index.js';
import { redisStore } from '../helpers/redis-stores.js';

const SECRET = 'the-old-fastify-session-secret-of-at-least-32-chars';
const prefix = `fsess-${Date.now()}:`;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  client = createClient({ url: inject('redis').standalone });
  await client.connect();
});
afterAll(async () => client.quit());

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

describe('switching a @fastify/session + connect-redis app to coatcheck', () => {
  it('keeps every cookie jar signed in with its data, retires legacy keys, refuses forgeries, migrates once', async () => {
    const legacyStore = new ConnectRedisStore({ client, prefix });
    const old = Fastify();
    await old.register(fastifyCookie);
    await old.register(fastifySession, {
      secret: SECRET,
      store: legacyStore as never,
      saveUninitialized: false,
      cookie: { secure: false },
    });
    old.get<{ Params: { user: string } }>('/login/:user', async (req) => {
      req.session.set('user' as never, { id: req.params.user } as never);
      req.session.set('theme' as never, `${req.params.user}-dark` as never);
      return 'ok';
    });
    const oldUrl = await listen(old);
    const jars: Record<string, string> = {};
    for (const user of ['alice', 'bob', 'carol', 'dave']) {
      const res = await fetch(`${oldUrl}/login/${user}`);
      jars[user] = res.headers.getSetCookie()[0]!.split(';')[0]!;
      expect(jars[user]).toMatch(/^sessionId=/);
    }
    await old.close();
    expect((await client.keys(`${prefix}*`)).length).toBe(4);

    const sessions = createSessionManager({
      store: await redisStore('standalone'),
      secrets: Keyring.generateSecret('k1'),
      cookie: { secure: false },
    });
    const created: string[] = [];
    sessions.options.events.subscribe((e) => void (e.type === 'session.created' && created.push(e.userId)));
    const migrate = createLegacyMigration({
      manager: sessions,
      format: 'fastify-session',
      legacySecrets: [SECRET],
      source: {
        get: async (sid) => ((await legacyStore.get(sid)) as unknown) ?? null,
        destroy: async (sid) => void (await legacyStore.destroy(sid)),
      },
      map: (legacy) => {
        const s = legacy as { user?: { id: string }; theme?: string };
        return s.user ? { userId: s.user.id, data: { theme: s.theme } } : null;
      },
      until: new Date(Date.now() + 86_400_000),
    });
    const app = Fastify();
    await app.register(coatcheck, { manager: sessions, legacy: { migrate } });
    app.get('/me', async (request, reply) => {
      const s = request.coatcheck.session;
      return s ? { userId: s.userId, data: s.data } : reply.code(401).send({ signedIn: false });
    });
    app.post('/me', async (request) => ({ signedIn: request.coatcheck.session !== null }));
    const url = await listen(app);
    try {
      // An unsafe request that passes the cross-origin check still does not migrate.
      const post = await fetch(`${url}/me`, {
        method: 'POST',
        headers: { cookie: jars.dave!, 'sec-fetch-site': 'same-origin' },
      });
      expect(await post.json()).toEqual({ signedIn: false });
      expect(created).toEqual([]);

      const [first, second] = await Promise.all([
        fetch(`${url}/me`, { headers: { cookie: jars.alice! } }),
        fetch(`${url}/me`, { headers: { cookie: jars.alice! } }),
      ]);
      expect(await first.json()).toEqual({ userId: 'alice', data: { theme: 'alice-dark' } });
      expect(await second.json()).toEqual({ userId: 'alice', data: { theme: 'alice-dark' } });
      expect(created).toEqual(['alice']);
      const cookies = first.headers.getSetCookie();
      expect(cookies.some((c) => c.startsWith('sessionId=;'))).toBe(true);
      const coatcheckCookie = cookies.find((c) => c.startsWith('sid='))!.split(';')[0]!;
      expect((await fetch(`${url}/me`, { headers: { cookie: coatcheckCookie } })).status).toBe(200);
      for (const user of ['bob', 'carol', 'dave']) {
        const res = await fetch(`${url}/me`, { headers: { cookie: jars[user]! } });
        expect(await res.json()).toEqual({ userId: user, data: { theme: `${user}-dark` } });
      }
      expect(await client.keys(`${prefix}*`)).toEqual([]);
      expect(await sessions.list('alice')).toHaveLength(1);

      const value = decodeURIComponent(jars.bob!.slice('sessionId='.length));
      const sid = value.slice(0, value.lastIndexOf('.'));
      const forged = [
        `sessionId=${encodeURIComponent(`${sid}.${'A'.repeat(43)}`)}`,
        `sessionId=${sid}`,
        `connect.sid=${jars.bob!.slice('sessionId='.length)}`,
      ];
      for (const cookie of forged) {
        expect((await fetch(`${url}/me`, { headers: { cookie } })).status).toBe(401);
      }
    } finally {
      await app.close();
      await sessions.options.store.close();
    }
  });
});
