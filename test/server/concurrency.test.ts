// Races over real HTTP against `coatcheck serve`, on SQLite and on Redis (SM-7, SM-9, RT-2, RT-4,
// RT-5): logout against a slow write, versioned data updates, parallel refreshes of one token,
// parallel logins. The manager-level races are in test/core and test/tokens; these go through the
// service's routes, its error table and its store as deployed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/stores/redis/keys.js';
import { type DemoLogin, ServiceClient } from '../helpers/demo-client.js';
import { cli, RedisFleet } from '../helpers/redis-servers.js';
import {
  DEMO_PASSWORD,
  SERVICE_KEY,
  type ServiceProcess,
  startServiceProcess,
} from '../helpers/service-process.js';

const LIMIT = 5;
const fleet = new RedisFleet();
afterAll(() => fleet.stop());

async function redisKeys(port: number): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, ...keys] = (await cli(port, 'SCAN', cursor, 'MATCH', 'cc:*', 'COUNT', '1000')).filter(
      Boolean,
    );
    cursor = next!;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

for (const store of ['sqlite', 'redis'] as const) {
  describe(`races over HTTP on ${store}`, () => {
    let service: ServiceProcess;
    let client: ServiceClient;
    let redisPort = 0;
    beforeAll(async () => {
      const args: string[] = [];
      if (store === 'redis') {
        redisPort = (await fleet.server()).port;
        args.push('--store', `redis://127.0.0.1:${redisPort}`);
      }
      service = await startServiceProcess(args, {
        COATCHECK_MAX_SESSIONS_PER_USER: String(LIMIT),
        COATCHECK_SESSION_LIMIT_POLICY: 'reject',
      });
      client = new ServiceClient(service.url);
    });
    afterAll(() => service.stop());
    const me = (login: DemoLogin) => client.call('/me', { headers: { cookie: login.cookie } });

    it('a data write that started before a logout cannot bring the session back', async () => {
      const alice = await client.login('alice');
      let release = (): void => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const body = JSON.stringify({ data: { cart: 'x'.repeat(20_000) } });
      // The write's body arrives in two halves; the logout completes in between.
      const slowWrite = client.call(`/v1/sessions/${alice.sessionId}/data`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
        duplex: 'half',
        body: new ReadableStream({
          async start(controller) {
            controller.enqueue(new TextEncoder().encode(body.slice(0, 10_000)));
            await held;
            controller.enqueue(new TextEncoder().encode(body.slice(10_000)));
            controller.close();
          },
        }),
      } as RequestInit);
      const burst = Array.from({ length: 10 }, () =>
        client.v1(`/sessions/${alice.sessionId}/data`, 'PATCH', { data: { n: 1 } }),
      );
      expect((await client.post('/auth/logout', {}, alice.cookie)).status).toBe(204);
      release();
      const write = await slowWrite;
      // An ended session is gone: the late write finds nothing to update (404, or 401 when the store
      // reports the record ended between the read and the compare-and-set) and creates nothing.
      const refused = { 404: 'ERR_NOT_FOUND', 401: 'ERR_SESSION_REVOKED' } as Record<number, string>;
      expect(refused[write.status]).toBe(((await write.json()) as { error: { code: string } }).error.code);
      for (const res of await Promise.all(burst)) expect([200, 401, 404]).toContain(res.status);
      expect((await me(alice)).status).toBe(401);
      const listed = (await (await client.v1('/users/alice/sessions')).json()) as {
        sessions: { id: string }[];
      };
      expect(listed.sessions.map((s) => s.id)).not.toContain(alice.sessionId);
      if (store === 'redis')
        expect(await cli(redisPort, 'EXISTS', new RedisKeys('cc:').session(alice.sessionId))).toEqual([
          '0',
          '',
        ]);
    });

    it('parallel versioned increments lose no update: conflicts are 409 and retried', async () => {
      const { id, token } = await client.createSession(`counter-${store}`, { count: 0 });
      const N = 20;
      let conflicts = 0;
      const increment = async (): Promise<void> => {
        for (let attempt = 0; attempt < 200; attempt++) {
          const read = (await (await client.v1('/sessions/validate', 'POST', { token })).json()) as {
            session: { data: { count: number }; version: number };
          };
          const { data, version } = read.session;
          const res = await client.v1(`/sessions/${id}/data`, 'PATCH', {
            data: { count: data.count + 1 },
            version,
          });
          if (res.status === 200) return;
          expect(res.status).toBe(409);
          conflicts++;
        }
        throw new Error('gave up after 200 conflicts');
      };
      await Promise.all(Array.from({ length: N }, increment));
      const final = (await (await client.v1('/sessions/validate', 'POST', { token })).json()) as {
        session: { data: { count: number } };
      };
      expect(final.session.data.count).toBe(N);
      expect(conflicts).toBeGreaterThan(0);
    });

    it('parallel refreshes of one token: one family, one successor for all, the session lives', async () => {
      const carol = await client.login('carol');
      const first = await client.refreshToken(carol);
      const family = first.split('.')[0];
      // One rotation plus the five retries the grace window answers.
      const answers = await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let attempt = 0; attempt < 20; attempt++) {
            const res = await client.post('/auth/refresh', { refreshToken: first });
            if (res.status !== 409) return res;
          }
          throw new Error('still conflicting');
        }),
      );
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      const successors = new Set(
        await Promise.all(
          answers.map(async (r) => ((await r.json()) as { refreshToken: string }).refreshToken),
        ),
      );
      expect(successors.size).toBe(1);
      const [next] = [...successors];
      expect(next!.split('.')[0]).toBe(family);
      // A seventh retry is refused without killing the family; the successor still rotates.
      expect((await client.post('/auth/refresh', { refreshToken: first })).status).not.toBe(200);
      expect((await me(carol)).status).toBe(200);
      expect((await client.post('/auth/refresh', { refreshToken: next })).status).toBe(200);
      await client.post('/auth/logout', {}, carol.cookie);
    });

    it('parallel logins with one pre-login cookie: the old session dies once, no duplicates, no orphans', async () => {
      const firstRequests = await Promise.all(Array.from({ length: 10 }, () => client.call('/me')));
      for (const res of firstRequests) {
        expect(res.status).toBe(401);
        expect(res.headers.getSetCookie()).toEqual([]);
      }
      const keysBefore = store === 'redis' ? await redisKeys(redisPort) : 0;
      const old = await client.login('carol');
      const logins = await Promise.all(Array.from({ length: 4 }, () => client.login('carol', old.cookie)));
      expect((await me(old)).status).toBe(401);
      expect(new Set(logins.map((l) => l.sessionId)).size).toBe(4);
      for (const l of logins) expect((await me(l)).status).toBe(200);
      const listed = (await (await client.v1('/users/carol/sessions')).json()) as {
        sessions: { id: string }[];
      };
      expect(listed.sessions.map((s) => s.id).sort()).toEqual(logins.map((l) => l.sessionId).sort());
      // Four sessions and carol's index: nothing else was written by the first requests or the logins.
      if (store === 'redis') expect((await redisKeys(redisPort)) - keysBefore).toBeLessThanOrEqual(5);
      await client.v1('/users/carol/sessions', 'DELETE');
    });

    it(`the per-user limit (${LIMIT}, reject) holds under parallel logins`, async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          client.post('/auth/login', { username: 'bob', password: DEMO_PASSWORD }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12 - LIMIT);
      const listed = (await (await client.v1('/users/bob/sessions')).json()) as { sessions: unknown[] };
      expect(listed.sessions).toHaveLength(LIMIT);
    });
  });
}
