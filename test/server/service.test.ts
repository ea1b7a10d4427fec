import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, SERVICE_KEY, startServiceProcess } from '../helpers/service-process.js';

const SAME = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
const cookieOf = (res: Response): string =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

for (const store of ['sqlite (default)', 'redis']) {
  describe(`coatcheck serve --demo on ${store}`, () => {
    let service: Awaited<ReturnType<typeof startServiceProcess>>;
    beforeAll(async () => {
      service = await startServiceProcess(store === 'redis' ? ['--store', inject('redis').standalone] : []);
    });
    afterAll(() => service.stop());
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${service.url}${path}`, { redirect: 'manual', ...init });
    const login = async (username: string, password = DEMO_PASSWORD, cookie?: string) => {
      const headers: Record<string, string> = { ...SAME, 'user-agent': `test-${username}` };
      if (cookie) headers.cookie = cookie;
      return call('/auth/login', { method: 'POST', headers, body: JSON.stringify({ username, password }) });
    };

    it('walks the demo API: login, devices, tokens, refresh, revoke, logout', async () => {
      expect((await login('alice', 'wrong')).status).toBe(401);
      const first = await login('alice');
      expect(first.status).toBe(200);
      const a = cookieOf(first);
      const body = (await first.json()) as { userId: string; sessionId: string; csrfToken: string };
      expect(body.userId).toBe('alice');
      expect(first.headers.get('cache-control')).toBe('no-store');
      const me = await call('/me', { headers: { cookie: a } });
      expect(await me.json()).toEqual({ userId: 'alice', sessionId: body.sessionId, via: 'cookie' });

      const second = await login('alice');
      const b = cookieOf(second);
      const listed = (await (await call('/auth/sessions', { headers: { cookie: a } })).json()) as {
        sessions: { id: string; current: boolean; userAgent: string }[];
      };
      expect(listed.sessions).toHaveLength(2);
      expect(listed.sessions.filter((s) => s.current).map((s) => s.id)).toEqual([body.sessionId]);
      const other = listed.sessions.find((s) => !s.current)!;

      const bob = cookieOf(await login('bob'));
      expect(
        (await call(`/auth/sessions/${other.id}`, { method: 'DELETE', headers: { ...SAME, cookie: bob } }))
          .status,
      ).toBe(404);
      expect(
        (await call(`/auth/sessions/${other.id}`, { method: 'DELETE', headers: { ...SAME, cookie: a } }))
          .status,
      ).toBe(204);
      expect((await call('/me', { headers: { cookie: b } })).status).toBe(401);

      const tokens = (await (
        await call('/auth/tokens', { method: 'POST', headers: { ...SAME, cookie: a } })
      ).json()) as { accessToken: string; refreshToken: string; tokenType: string };
      expect(tokens.tokenType).toBe('Bearer');
      const viaBearer = await call('/me', { headers: { authorization: `Bearer ${tokens.accessToken}` } });
      expect(await viaBearer.json()).toMatchObject({ userId: 'alice', via: 'bearer' });
      const refresh = (token: string) =>
        call('/auth/refresh', {
          method: 'POST',
          headers: SAME,
          body: JSON.stringify({ refreshToken: token }),
        });
      const r1 = await refresh(tokens.refreshToken);
      expect(r1.status).toBe(200);
      const r2 = await refresh(((await r1.json()) as { refreshToken: string }).refreshToken);
      expect(r2.status).toBe(200);
      // The first token is two generations old: reuse revokes the family and the session.
      expect((await refresh(tokens.refreshToken)).status).toBe(401);
      expect((await call('/me', { headers: { cookie: a } })).status).toBe(401);

      const c = cookieOf(await login('carol'));
      const out = await call('/auth/logout', { method: 'POST', headers: { ...SAME, cookie: c } });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie()[0]).toMatch(/^__Host-sid=; Path=\/; Max-Age=0/);
      expect((await call('/me', { headers: { cookie: c } })).status).toBe(401);

      const metrics = await (await call('/metrics')).text();
      const value = (name: string): number =>
        Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(metrics)?.[1] ?? -1);
      expect(value('coatcheck_sessions_created_total')).toBeGreaterThanOrEqual(4);
      expect(value('coatcheck_refresh_reuse_detected_total')).toBe(1);
      expect(value('coatcheck_sessions_validated_total')).toBeGreaterThanOrEqual(3);
      expect(metrics).toMatch(/coatcheck_store_latency_seconds_bucket\{le="0.001",operation="get"\}/);
      for (const secret of [a, b, c, tokens.refreshToken, tokens.accessToken])
        expect(metrics).not.toContain(secret.split('=').at(-1)!);
    });

    it('refuses cross-site state changes, login CSRF included', async () => {
      const cross = { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' };
      const res = await call('/auth/login', {
        method: 'POST',
        headers: cross,
        body: `username=alice&password=${DEMO_PASSWORD}`,
      });
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
      const a = cookieOf(await login('alice'));
      expect(
        (await call('/auth/sessions/revoke-all', { method: 'POST', headers: { ...cross, cookie: a } }))
          .status,
      ).toBe(403);
      expect((await call('/me', { headers: { cookie: a } })).status).toBe(200);
    });

    it('serves /v1 to backends with a service key', async () => {
      const v1 = (path: string, method = 'GET', body?: unknown, key = SERVICE_KEY) =>
        call(`/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      expect((await v1('/users/dave/sessions', 'GET', undefined, 'wrong')).status).toBe(401);
      expect((await call('/v1/users/dave/sessions')).status).toBe(401);
      const created = await v1('/sessions', 'POST', {
        userId: 'dave',
        data: { plan: 'pro' },
        meta: { label: 'api' },
      });
      expect(created.status).toBe(201);
      const { token, session } = (await created.json()) as {
        token: string;
        session: { id: string; version: number };
      };
      expect(await (await v1('/sessions/validate', 'POST', { token })).json()).toMatchObject({
        session: { userId: 'dave', data: { plan: 'pro' } },
      });
      expect(
        (
          await v1(`/sessions/${session.id}/data`, 'PATCH', {
            data: { plan: 'team' },
            version: session.version,
          })
        ).status,
      ).toBe(200);
      expect(
        (await v1(`/sessions/${session.id}/data`, 'PATCH', { data: { plan: 'x' }, version: session.version }))
          .status,
      ).toBe(409);
      const rotated = (await (await v1('/sessions/regenerate', 'POST', { token })).json()) as {
        token: string;
      };
      expect((await v1('/sessions/validate', 'POST', { token })).status).toBe(401);
      const pair = (await (await v1('/tokens', 'POST', { token: rotated.token })).json()) as {
        refreshToken: string;
      };
      expect((await v1('/tokens/refresh', 'POST', { refreshToken: pair.refreshToken })).status).toBe(200);
      expect((await (await v1('/users/dave/sessions')).json()) as { sessions: unknown[] }).toMatchObject({
        sessions: [{ label: 'api' }],
      });
      expect(await (await v1('/users/dave/sessions', 'DELETE')).json()).toEqual({ revoked: 1 });
      expect((await v1('/sessions/validate', 'POST', { token: rotated.token })).status).toBe(401);
      expect((await v1('/keys/rotate', 'POST')).status).toBe(200);
    });

    it('answers bad input with 4xx and a code, never a 500 or a stack', async () => {
      const v1 = (path: string, body: string, type = 'application/json') =>
        call(`/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': type },
          body,
        });
      const cases: [string, string, string?][] = [
        ['/sessions', '{}'],
        ['/sessions', '{"userId": 42}'],
        ['/sessions', '{"userId": "x", "data": [1]}'],
        ['/sessions', 'not json'],
        ['/sessions', '[]'],
        ['/sessions', '{"userId":"x"}', 'text/plain'],
        ['/sessions', JSON.stringify({ userId: 'x', data: { big: 'x'.repeat(70_000) } })],
        ['/sessions/validate', '{"token": "garbage\\u0000\\r\\n"}'],
        ['/sessions/validate', JSON.stringify({ token: 'x'.repeat(10_000) })],
        ['/tokens/refresh', '{"refreshToken": "rt_nope.nope"}'],
      ];
      for (const [path, body, type] of cases) {
        const res = await v1(path, body, type);
        const text = await res.text();
        expect(res.status, `${path} ${body.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${body.slice(0, 40)}`).toBeLessThan(500);
        expect(JSON.parse(text).error.code).toMatch(/^ERR_/);
        expect(text).not.toMatch(/at .*\.js|Error:/);
      }
      expect(service.output()).not.toContain(SERVICE_KEY);
    });
  });
}
