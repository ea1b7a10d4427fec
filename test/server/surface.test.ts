import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, SERVICE_KEY, startServiceProcess } from '../helpers/service-process.js';

// The parts of the demo and service contract the walk-through does not cover: form answers,
// session replacement at login, the CSRF-token path, and the size bounds (413 / 431).
const JSON_SAME = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
const FORM_SAME = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };
const cookieOf = (res: Response): string =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('coatcheck serve --demo: the rest of the HTTP contract', () => {
  let service: Awaited<ReturnType<typeof startServiceProcess>>;
  beforeAll(async () => {
    service = await startServiceProcess();
  });
  afterAll(() => service.stop());
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${service.url}${path}`, { redirect: 'manual', ...init });
  const login = (cookie?: string) =>
    call('/auth/login', {
      method: 'POST',
      headers: { ...JSON_SAME, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
    });

  it('forms get 303 to / (and the page with a 401 on bad credentials); JSON gets JSON', async () => {
    const form = (path: string, body: string, cookie?: string) =>
      call(path, { method: 'POST', headers: { ...FORM_SAME, ...(cookie ? { cookie } : {}) }, body });
    const signedIn = await form('/auth/login', `username=bob&password=${encodeURIComponent(DEMO_PASSWORD)}`);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/');
    const bob = cookieOf(signedIn);
    expect(bob).toMatch(/^__Host-sid=/);
    const page = await call('/', { headers: { cookie: bob } });
    expect(await page.text()).toContain('Signed in as <strong id="who">bob</strong>');

    const wrong = await form('/auth/login', 'username=bob&password=nope');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await wrong.text()).toContain('Wrong user or password');
    const asJson = await login();
    expect(asJson.status).toBe(200);
    expect(await asJson.json()).toEqual({
      userId: 'alice',
      sessionId: expect.any(String),
      csrfToken: expect.any(String),
    });
    expect(
      (
        await call('/auth/login', {
          method: 'POST',
          headers: JSON_SAME,
          body: JSON.stringify({ username: 'mallory', password: DEMO_PASSWORD }),
        })
      ).status,
    ).toBe(401);

    const out = await form('/auth/logout', '', bob);
    expect(out.status).toBe(303);
    expect((await call('/me', { headers: { cookie: bob } })).status).toBe(401);
  });

  it('login replaces the session the browser presented; revoke-others counts what it ended', async () => {
    const first = cookieOf(await login());
    const second = cookieOf(await login(first));
    expect(second).not.toBe(first);
    expect((await call('/me', { headers: { cookie: first } })).status).toBe(401);
    const other = cookieOf(await login());
    const revoked = await call('/auth/sessions/revoke-others', {
      method: 'POST',
      headers: { ...JSON_SAME, cookie: second },
    });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ revoked: expect.any(Number) });
    expect((await call('/me', { headers: { cookie: other } })).status).toBe(401);
    expect((await call('/me', { headers: { cookie: second } })).status).toBe(200);
    const all = await call('/auth/sessions/revoke-all', {
      method: 'POST',
      headers: { ...JSON_SAME, cookie: second },
    });
    expect(await all.json()).toEqual({ revoked: 1 });
  });

  it('without Sec-Fetch-Site or Origin, a cookie request needs the X-CSRF-Token from login', async () => {
    const res = await login();
    const cookie = cookieOf(res);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const bare = { 'content-type': 'application/json', cookie };
    const refused = await call('/auth/tokens', { method: 'POST', headers: bare });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('ERR_CSRF_TOKEN_MISSING');
    expect(
      (await call('/auth/tokens', { method: 'POST', headers: { ...bare, 'x-csrf-token': 'k1.forged' } }))
        .status,
    ).toBe(403);
    const allowed = await call('/auth/tokens', {
      method: 'POST',
      headers: { ...bare, 'x-csrf-token': csrfToken },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) });
    const metrics = await (await call('/metrics')).text();
    expect(metrics).toMatch(/^coatcheck_csrf_rejected_total\{reason="[^"]+"\} [1-9]/m);
  });

  it('bounds bodies (413) and headers (431), on /v1 and the demo alike', async () => {
    const big = JSON.stringify({ userId: 'x', data: { blob: 'x'.repeat(70 * 1024) } });
    const v1 = await call('/v1/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(v1.status).toBe(413);
    expect((await v1.json()).error.code).toBe('ERR_BODY_TOO_LARGE');
    expect((await call('/auth/login', { method: 'POST', headers: JSON_SAME, body: big })).status).toBe(413);
    const justUnder = JSON.stringify({ userId: 'x', data: { blob: 'x'.repeat(60 * 1024) } });
    expect(
      (
        await call('/v1/sessions', {
          method: 'POST',
          headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
          body: justUnder,
        })
      ).status,
    ).toBe(201);
    expect((await call('/healthz', { headers: { 'x-padding': 'x'.repeat(17 * 1024) } })).status).toBe(431);
    expect((await call('/me', { headers: { cookie: `__Host-sid=${'y'.repeat(17 * 1024)}` } })).status).toBe(
      431,
    );
    expect((await call('/healthz')).status).toBe(200);
  });

  it('bad path and query parameters are 400s naming the parameter', async () => {
    const get = (path: string, method = 'GET') =>
      call(path, { method, headers: { authorization: `Bearer ${SERVICE_KEY}` } });
    for (const [path, method, field] of [
      ['/v1/sessions/short', 'DELETE', 'id'],
      ['/v1/users/alice/sessions?except=nope', 'DELETE', 'except'],
      [`/v1/users/${'u'.repeat(300)}/sessions`, 'GET', 'userId'],
    ] as const) {
      const res = await get(path, method);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('ERR_INPUT_INVALID');
      expect(body.error.message).toContain(`"${field}"`);
    }
    expect((await get('/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA', 'DELETE')).status).toBe(404);
  });
});
