import { afterEach, describe, expect, it, vi } from 'vitest';
import { setup } from '../helpers/manager.js';
import type { AdapterHarness, HarnessFactory } from './harness.js';

const SAME_ORIGIN_JSON = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

async function signIn(app: AdapterHarness, userId: string): Promise<string> {
  const res = await app.request({
    method: 'POST',
    path: '/login',
    headers: SAME_ORIGIN_JSON,
    body: JSON.stringify({ userId }),
  });
  expect(res.status).toBe(200);
  const cookie = res.setCookies.find((c) => c.startsWith('__Host-sid='))!;
  return cookie.split(';')[0]!;
}

/**
 * The guards every adapter shares by name, on the scenario apps (test/adapters/apps): the bearer
 * guard on `GET /api/me`, the first token pair from `POST /tokens`, the refresh endpoint on
 * `POST /auth/refresh`, and `GET /api/boom`, which throws an unexpected error.
 */
export function runGuardScenarios(name: string, makeHarness: HarnessFactory): void {
  describe(`guards and error handler: ${name}`, () => {
    afterEach(() => void vi.restoreAllMocks());

    it('requireAccessToken lets a valid bearer token in and challenges everything else', async () => {
      const { manager } = setup();
      const app = await makeHarness(manager);
      try {
        const cookie = await signIn(app, 'alice');
        const issued = await app.request({
          method: 'POST',
          path: '/tokens',
          headers: { ...SAME_ORIGIN_JSON, cookie },
          body: '{}',
        });
        expect(issued.status).toBe(200);
        const pair = JSON.parse(issued.body) as { accessToken: string; refreshToken: string };
        const get = (authorization?: string) =>
          app.request({ method: 'GET', path: '/api/me', headers: authorization ? { authorization } : {} });
        for (const scheme of ['Bearer', 'bearer']) {
          const ok = await get(`${scheme} ${pair.accessToken}`);
          expect(ok.status, scheme).toBe(200);
          expect(JSON.parse(ok.body)).toEqual({ userId: 'alice' });
        }
        for (const missing of [undefined, `Basic ${btoa('alice:pw')}`, 'Bearer']) {
          const res = await get(missing);
          expect(res.status, String(missing)).toBe(401);
          expect(res.header('www-authenticate')).toBe('Bearer');
          expect(res.header('cache-control')).toContain('no-store');
          expect(JSON.parse(res.body).error.code).toBe('ERR_UNAUTHORIZED');
        }
        const tampered = `${pair.accessToken.slice(0, -2)}${pair.accessToken.endsWith('AA') ? 'BB' : 'AA'}`;
        for (const bad of ['Bearer not-a-jwt', `Bearer ${tampered}`, `Bearer ${pair.refreshToken}`]) {
          const res = await get(bad);
          expect(res.status, bad).toBe(401);
          expect(res.header('www-authenticate')).toBe('Bearer error="invalid_token"');
          expect(JSON.parse(res.body).error).toEqual({ code: 'ERR_TOKEN_INVALID', message: 'invalid_token' });
          expect(res.body).not.toContain(pair.accessToken.slice(0, 20));
        }
        // The cookie alone does not pass the bearer guard.
        expect((await app.request({ method: 'GET', path: '/api/me', headers: { cookie } })).status).toBe(401);

        const refreshed = await app.request({
          method: 'POST',
          path: '/auth/refresh',
          headers: SAME_ORIGIN_JSON,
          body: JSON.stringify({ refresh_token: pair.refreshToken }),
        });
        expect(refreshed.status).toBe(200);
        const next = JSON.parse(refreshed.body) as { access_token: string; token_type: string };
        expect(next.token_type).toBe('Bearer');
        expect((await get(`Bearer ${next.access_token}`)).status).toBe(200);
      } finally {
        await app.close();
      }
    });

    it('an unexpected error is a generic 500, logged once through the event sinks', async () => {
      const { manager, events } = setup();
      const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => {});
      const app = await makeHarness(manager);
      try {
        const cookie = await signIn(app, 'alice');
        const res = await app.request({ method: 'GET', path: '/api/boom', headers: { cookie } });
        expect(res.status).toBe(500);
        expect(res.header('cache-control')).toContain('no-store');
        expect(JSON.parse(res.body)).toEqual({ error: { code: 'ERR_INTERNAL', message: 'Internal error' } });
        const logged = events.filter((e) => e.type === 'request.failed');
        expect(logged).toEqual([
          expect.objectContaining({ code: 'ERR_INTERNAL', error: 'Error', message: 'kaboom' }),
        ]);
        expect(JSON.stringify(logged)).not.toContain(cookie.split('=')[1]!);
        expect(console).not.toHaveBeenCalled();
      } finally {
        await app.close();
      }
    });

    it('with no event sink, an unexpected error is logged once with console.error', async () => {
      const { manager } = setup({ events: [] });
      const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => {});
      const app = await makeHarness(manager);
      try {
        const cookie = await signIn(app, 'alice');
        expect((await app.request({ method: 'GET', path: '/api/boom', headers: { cookie } })).status).toBe(
          500,
        );
        expect(console).toHaveBeenCalledTimes(1);
        expect(String(console.mock.calls[0]?.[0])).toMatch(/ERR_INTERNAL Error: kaboom/);
        expect(String(console.mock.calls[0]?.[0])).not.toContain(cookie.split('=')[1]!);
      } finally {
        await app.close();
      }
    });
  });
}
