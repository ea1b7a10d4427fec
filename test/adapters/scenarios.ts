import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { downStore } from '../helpers/counting-store.js';
import { setup } from '../helpers/manager.js';
import {
  type AdapterHarness,
  type HarnessFactory,
  type HarnessRequest,
  sessionCookieValue,
} from './harness.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const JSON_SAME_ORIGIN = { ...SAME_ORIGIN, 'content-type': 'application/json' };

async function login(app: AdapterHarness, userId: string, cookie?: string) {
  const headers: Record<string, string> = { ...JSON_SAME_ORIGIN };
  if (cookie) headers.cookie = `__Host-sid=${cookie}`;
  const res = await app.request({
    method: 'POST',
    path: '/login',
    headers,
    body: JSON.stringify({ userId }),
  });
  expect(res.status).toBe(200);
  const token = sessionCookieValue(res.setCookies);
  expect(token).toBeTruthy();
  return { res, token: token!, body: JSON.parse(res.body) as { sessionId: string; csrfToken: string } };
}

const as = (token: string, extra: Record<string, string> = {}): Record<string, string> => ({
  cookie: `__Host-sid=${token}`,
  ...extra,
});

async function me(app: AdapterHarness, token: string, extra: Record<string, string> = {}) {
  return app.request({ method: 'GET', path: '/me', headers: as(token, extra) });
}

/** Every adapter runs this table: same routes, same outcomes. */
export function runAdapterScenarios(name: string, makeHarness: HarnessFactory): void {
  describe(`adapter scenarios: ${name}`, () => {
    const withApp = async (
      body: (app: AdapterHarness, ctx: ReturnType<typeof setup>) => Promise<void>,
      store?: 'down',
    ) => {
      const ctx = setup(store === 'down' ? { store: downStore() } : { store: new MemoryStore() });
      const app = await makeHarness(ctx.manager);
      try {
        await body(app, ctx);
      } finally {
        await app.close();
      }
    };

    it('login sets a secure session cookie with no-store', () =>
      withApp(async (app) => {
        const { res } = await login(app, 'alice');
        const cookie = res.setCookies.find((c) => c.startsWith('__Host-sid='))!;
        for (const attr of ['Path=/', 'Secure', 'HttpOnly']) expect(cookie).toContain(attr);
        // Attribute values are case-insensitive (RFC 6265bis); Next's cookie store writes `lax`.
        expect(cookie).toMatch(/; SameSite=Lax(;|$)/i);
        expect(cookie).not.toMatch(/Domain=/i);
        expect(res.header('cache-control')).toMatch(/no-store/);
      }));

    it('login replaces a session the browser already had (fixation)', () =>
      withApp(async (app) => {
        const first = await login(app, 'mallory');
        const second = await login(app, 'alice', first.token);
        expect(second.token).not.toBe(first.token);
        expect((await me(app, first.token)).status).toBe(401);
        expect(JSON.parse((await me(app, second.token)).body).userId).toBe('alice');
      }));

    it('a read needs the cookie, costs no Set-Cookie, and refuses garbage', () =>
      withApp(async (app) => {
        const { token } = await login(app, 'alice');
        const ok = await me(app, token);
        expect(ok.status).toBe(200);
        expect(ok.setCookies).toEqual([]);
        expect((await app.request({ method: 'GET', path: '/me' })).status).toBe(401);
        const bad = await me(app, 'garbage');
        expect(bad.status).toBe(401);
        expect(JSON.parse(bad.body).error.code).toMatch(/^ERR_/);
        expect(bad.setCookies.some((c) => c.startsWith('__Host-sid=;'))).toBe(true);
      }));

    it('writes data, and parallel writes lose nothing', () =>
      withApp(async (app) => {
        const { token } = await login(app, 'alice');
        const write = (key: string, value: number): Promise<{ status: number }> =>
          app.request({
            method: 'POST',
            path: '/data',
            headers: as(token, JSON_SAME_ORIGIN),
            body: JSON.stringify({ key, value }),
          });
        // 50 at once, as a single-page app's parallel calls: queued per session, none refused.
        const statuses = await Promise.all(
          Array.from({ length: 50 }, async (_, i) => (await write(`k${i}`, i)).status),
        );
        expect(statuses).toEqual(Array(50).fill(200));
        const data = JSON.parse((await me(app, token)).body).data as Record<string, number>;
        expect(Object.keys(data).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `k${i}`).sort());
      }));

    it('logout clears the cookie with identical attributes and kills the token', () =>
      withApp(async (app) => {
        const { res, token } = await login(app, 'alice');
        const out = await app.request({ method: 'POST', path: '/logout', headers: as(token, SAME_ORIGIN) });
        expect(out.status).toBe(204);
        const cleared = out.setCookies.find((c) => c.startsWith('__Host-sid='))!;
        const attrs = (c: string) =>
          c
            .split(';')
            .slice(1)
            .map((a) => a.trim())
            .filter((a) => !/^(Max-Age|Expires)=/i.test(a))
            .sort();
        expect(attrs(cleared)).toEqual(attrs(res.setCookies.find((c) => c.startsWith('__Host-sid='))!));
        expect(cleared).toMatch(/Max-Age=0/);
        expect((await me(app, token)).status).toBe(401);
        expect(
          (await app.request({ method: 'GET', path: '/logout', headers: as(token) })).status,
        ).toBeGreaterThanOrEqual(400);
      }));

    it('revokes other devices, then all', () =>
      withApp(async (app) => {
        const a = await login(app, 'alice');
        const b = await login(app, 'alice');
        const c = await login(app, 'alice');
        const list = JSON.parse(
          (await app.request({ method: 'GET', path: '/sessions', headers: as(a.token) })).body,
        );
        expect(list.sessions).toHaveLength(3);
        expect(list.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
        const others = await app.request({
          method: 'POST',
          path: '/sessions/revoke-others',
          headers: as(a.token, SAME_ORIGIN),
        });
        expect(JSON.parse(others.body).revoked).toBe(2);
        expect((await me(app, b.token)).status).toBe(401);
        expect((await me(app, c.token)).status).toBe(401);
        const all = await app.request({
          method: 'POST',
          path: '/sessions/revoke-all',
          headers: as(a.token, SAME_ORIGIN),
        });
        expect(JSON.parse(all.body).revoked).toBe(1);
        expect((await me(app, a.token)).status).toBe(401);
      }));

    it('expires an idle session', () =>
      withApp(async (app, { clock }) => {
        const { token } = await login(app, 'alice');
        clock.advance(31 * 60);
        expect((await me(app, token)).status).toBe(401);
      }));

    it('refuses cross-origin state changes and changes nothing', () =>
      withApp(async (app) => {
        const { token, body } = await login(app, 'alice');
        const attempts: [string, HarnessRequest][] = [];
        const post = (headers: Record<string, string>, path = '/data', extra: Partial<HarnessRequest> = {}) =>
          ({
            method: 'POST',
            path,
            headers: as(token, headers),
            body: '{"key":"pwned","value":1}',
            ...extra,
          }) as HarnessRequest;
        attempts.push([
          'cross-site',
          post({ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }),
        ]);
        attempts.push([
          'same-site',
          post({ 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }),
        ]);
        attempts.push([
          'evil origin',
          post({ origin: 'https://evil.example', 'content-type': 'application/json' }),
        ]);
        attempts.push(['null origin', post({ origin: 'null', 'content-type': 'text/plain' })]);
        attempts.push(['no headers, no token', post({ 'content-type': 'application/json' })]);
        attempts.push(['no content-type', post({}, '/data', { body: undefined })]);
        attempts.push(['text/plain', post({ 'content-type': 'text/plain' })]);
        attempts.push(['upper-case form', post({ 'content-type': 'APPLICATION/X-WWW-FORM-URLENCODED' })]);
        attempts.push(['parameterised', post({ 'content-type': 'application/json; charset=utf-8' })]);
        attempts.push([
          'method override',
          post({ 'sec-fetch-site': 'cross-site', 'x-http-method-override': 'GET' }),
        ]);
        attempts.push([
          'wrong csrf token',
          post({
            'x-csrf-token': `${body.csrfToken.slice(0, -1)}${body.csrfToken.endsWith('A') ? 'Q' : 'A'}`,
            'content-type': 'application/json',
          }),
        ]);
        attempts.push(['logout cross-site', post({ 'sec-fetch-site': 'cross-site' }, '/logout')]);
        attempts.push([
          'revoke-all cross-site',
          post({ 'sec-fetch-site': 'cross-site' }, '/sessions/revoke-all'),
        ]);
        // A refusal says what was missing: a token, or a genuine cross-site request.
        const missing = [
          'no headers, no token',
          'no content-type',
          'text/plain',
          'upper-case form',
          'parameterised',
        ];
        for (const [label, request] of attempts) {
          const refused = await app.request(request);
          expect(refused.status, label).toBe(403);
          expect(refused.header('cache-control'), label).toContain('no-store');
          const code = missing.includes(label)
            ? 'ERR_CSRF_TOKEN_MISSING'
            : label === 'wrong csrf token'
              ? 'ERR_CSRF_REJECTED'
              : 'ERR_CROSS_ORIGIN';
          expect(JSON.parse(refused.body).error.code, label).toBe(code);
        }
        const res = await me(app, token);
        expect(res.status).toBe(200);
        expect(JSON.parse(res.body).data).toEqual({});
        const loginCsrf = await app.request({
          method: 'POST',
          path: '/login',
          headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
          body: 'userId=mallory',
        });
        expect(loginCsrf.status, 'login CSRF').toBe(403);
        expect(sessionCookieValue(loginCsrf.setCookies)).toBeNull();
      }));

    it('lets same-origin, trusted-origin and token-carrying requests through', () =>
      withApp(async (app) => {
        const { token, body } = await login(app, 'alice');
        const post = (headers: Record<string, string>, key: string) =>
          app.request({
            method: 'POST',
            path: '/data',
            headers: as(token, { 'content-type': 'application/json', ...headers }),
            body: JSON.stringify({ key, value: 1 }),
          });
        expect((await post({ 'sec-fetch-site': 'same-origin' }, 'a')).status).toBe(200);
        expect((await post({ origin: 'http://localhost:3000' }, 'b')).status).toBe(200);
        expect((await post({ 'x-csrf-token': body.csrfToken }, 'c')).status).toBe(200);
        expect(Object.keys(JSON.parse((await me(app, token)).body).data).sort()).toEqual(['a', 'b', 'c']);
      }));

    it('fails closed with 503 when the store is down', () =>
      withApp(async (app) => {
        const res = await me(app, `${'A'.repeat(22)}.${'A'.repeat(43)}`);
        expect(res.status).toBe(503);
        expect(res.body).not.toMatch(/ECONNREFUSED|at .*\.js/);
      }, 'down'));
  });
}
