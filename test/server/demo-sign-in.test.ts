import { describe, expect, it } from 'vitest';
import { createServiceApp } from '../../src/server/app.js';
import { createTokenService } from '../../src/tokens/index.js';
import { setup } from '../helpers/manager.js';

const KEY = `ck_${'k'.repeat(40)}`;
const PASSWORD = 'correct horse battery';

function demoService() {
  const { manager, events } = setup();
  const tokens = createTokenService({ sessions: manager, issuer: 'https://svc.test', audience: 'coatcheck' });
  const demo = { password: PASSWORD, origins: ['http://svc.test'] };
  const app = createServiceApp({ sessions: manager, tokens, serviceKeys: [KEY], demo });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`http://svc.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
      body: JSON.stringify(body),
    });
  const login = (username: string, password: string) => post('/auth/login', { username, password });
  return { app, post, login, events };
}

describe('the demo sign-in', () => {
  it('throttles failed attempts per user: 429 with Retry-After, even for the right password', async () => {
    const { login } = demoService();
    for (let i = 0; i < 5; i++) expect((await login('alice', `wrong-${i}`)).status).toBe(401);
    const refused = await login('alice', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ERR_RATE_LIMITED');
    // Another user is not locked out by alice's failures.
    expect((await login('bob', PASSWORD)).status).toBe(200);
  });

  it('throttles failed attempts per IP across user names', async () => {
    const { login } = demoService();
    for (let i = 0; i < 50; i++) expect((await login(`guess-${i}`, 'wrong')).status).toBe(401);
    const refused = await login('carol', PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('checks the password whatever its length, and never logs an unknown user name verbatim', async () => {
    const { login, events } = demoService();
    for (const password of ['', PASSWORD.slice(0, -1), `${PASSWORD}x`, PASSWORD.toUpperCase()]) {
      expect((await login('alice', password)).status).toBe(401);
    }
    expect((await login('my-password-typed-here', PASSWORD)).status).toBe(401);
    const failed = events.filter((e) => e.type === 'login.failed');
    expect(failed).toHaveLength(5);
    expect(JSON.stringify(failed)).not.toContain('my-password-typed-here');
    expect(failed.at(-1)).toMatchObject({ userId: expect.stringMatching(/^unknown:[A-Za-z0-9_-]{12}$/) });
    expect(failed[0]).toMatchObject({ userId: 'alice' });
  });

  it("its pages may not be framed by another site (frame-ancestors 'none')", async () => {
    const { app } = demoService();
    const page = await app.request('http://svc.test/');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const form = await app.request('http://svc.test/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: 'username=alice&password=wrong',
    });
    expect(form.status).toBe(401);
    expect(form.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it("/auth/refresh rotates only the demo's own families, never an operator-issued one", async () => {
    const { app, post, login } = demoService();
    const v1 = (path: string, body: unknown) =>
      app.request(`http://svc.test/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = (await (await v1('/sessions', { userId: 'dora' })).json()) as { token: string };
    const operator = (await (await v1('/tokens', { token: created.token })).json()) as {
      refreshToken: string;
    };
    const hijack = await post('/auth/refresh', { refreshToken: operator.refreshToken });
    expect(hijack.status).toBe(401);
    expect(await hijack.text()).not.toContain('accessToken');

    const signedIn = await login('alice', PASSWORD);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const demoPair = (await (await post('/auth/tokens', {}, { cookie })).json()) as { refreshToken: string };
    expect((await post('/auth/refresh', { refreshToken: demoPair.refreshToken })).status).toBe(200);
  });
});
