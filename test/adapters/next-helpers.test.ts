// coatcheck/adapters/next in-process: the proxy gate, the typed results of the Server Component and
// Server Action helpers, the Route Handler wrapper's error mapping, and that Next's own
// `cookies()` / `headers()` fit the declared shapes (type-checked against the installed next).
import { ResponseCookies } from 'next/dist/compiled/@edge-runtime/cookies';
import { cookies, headers } from 'next/headers.js';
import { describe, expect, it } from 'vitest';
import { createNextSessions, sessionProxy, toNextCookieOptions } from '../../src/adapters/next/index.js';
import { verifyCsrfToken } from '../../src/csrf/token.js';
import { SessionError } from '../../src/errors.js';
import { downStore } from '../helpers/counting-store.js';
import { setup } from '../helpers/manager.js';

const BASE = 'http://localhost:3000';
const html = { accept: 'text/html,application/xhtml+xml' };
const req = (path: string, init: RequestInit = {}): Request => new Request(`${BASE}${path}`, init);

describe('sessionProxy', () => {
  it('lets unprotected paths through and gates the protected prefix (decoded)', async () => {
    const gate = sessionProxy({ protect: ['/account'], signInPath: '/sign-in' });
    expect(await gate(req('/'))).toBeUndefined();
    expect(await gate(req('/accounts'))).toBeUndefined();
    for (const path of ['/account', '/account/devices', '/%61ccount']) {
      const res = (await gate(req(path, { headers: html })))!;
      expect(res.status, path).toBe(307);
      expect(res.headers.get('location')).toBe(`${BASE}/sign-in`);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    // The client router's page fetches reach proxy.ts as `Accept: */*` (Next strips their RSC
    // headers first): a redirect, which the router follows quietly, instead of a 401 logged in the
    // console. API clients that ask for JSON get 401 JSON.
    for (const accept of ['*/*', '']) {
      const res = (await gate(req('/account', { headers: accept ? { accept } : {} })))!;
      expect(res.status, accept).toBe(307);
      expect(res.headers.get('location')).toBe(`${BASE}/sign-in`);
    }
    const json = (await gate(req('/account', { headers: { accept: 'application/json' } })))!;
    expect(json.status).toBe(401);
    const api = (await gate(req('/account', { method: 'POST' })))!;
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: { code: 'ERR_NO_SESSION', message: 'Sign in first' } });
  });

  it('without a manager only sees the cookie; with one it validates and clears a dead cookie', async () => {
    const { manager } = setup();
    const { token } = await manager.create({ userId: 'alice' });
    const withCookie = (value: string) =>
      req('/account', { headers: { ...html, cookie: `__Host-sid=${value}` } });
    expect(await sessionProxy({ protect: ['/account'] })(withCookie('forged'))).toBeUndefined();
    const gate = sessionProxy({ protect: ['/account'], signInPath: '/sign-in', manager });
    expect(await gate(withCookie(token))).toBeUndefined();
    const dead = (await gate(withCookie('forged')))!;
    expect(dead.status).toBe(307);
    expect(dead.headers.getSetCookie()[0]).toMatch(/^__Host-sid=; Path=\/; Max-Age=0/);
    const duplicate = req('/account', {
      headers: { accept: 'application/json', cookie: `__Host-sid=${token}; __Host-sid=${token}` },
    });
    expect((await gate(duplicate))!.status).toBe(401);
    const huge = req('/account', { headers: { cookie: `a=${'x'.repeat(17_000)}` } });
    expect((await gate(huge))!.status).toBe(431);
  });

  it('fails closed with 503 when the store is down, also when it opens lazily', async () => {
    const token = `${'A'.repeat(22)}.${'A'.repeat(43)}`;
    const request = req('/account', { headers: { ...html, cookie: `__Host-sid=${token}` } });
    const down = await sessionProxy({
      protect: ['/account'],
      manager: setup({ store: downStore() }).manager,
    })(request);
    expect(down!.status).toBe(503);
    expect(down!.headers.get('cache-control')).toBe('no-store');
    const lazy = sessionProxy({
      protect: ['/account'],
      manager: async () => {
        throw new SessionError('ERR_STORE_UNAVAILABLE', 'The session store is unavailable');
      },
    });
    expect((await lazy(request))!.status).toBe(503);
  });
});

function nextStandIns(requestHeaders: Record<string, string>) {
  const written = new Headers();
  const store = new ResponseCookies(written);
  return { written, cookies: async () => store, headers: async () => new Headers(requestHeaders) };
}

describe('createNextSessions', () => {
  it('session(): typed 401 / 503 results, the session with a bound CSRF token, and no cookie writes', async () => {
    const { manager } = setup();
    const { token, session } = await manager.create({ userId: 'alice' });
    const absent = nextStandIns({});
    expect(await createNextSessions(manager, absent).session()).toMatchObject({
      ok: false,
      status: 401,
      code: 'ERR_NO_SESSION',
    });
    const forged = nextStandIns({ cookie: '__Host-sid=forged' });
    expect(await createNextSessions(manager, forged).session()).toMatchObject({ ok: false, status: 401 });
    expect(forged.written.getSetCookie()).toEqual([]); // Server Components cannot write cookies.
    const valid = await createNextSessions(
      manager,
      nextStandIns({ cookie: `__Host-sid=${token}` }),
    ).session();
    expect(valid.ok && valid.session.userId).toBe('alice');
    expect(valid.ok && (await verifyCsrfToken(manager.options.keyring!, session.id, valid.csrfToken))).toBe(
      true,
    );
    const down = setup({ store: downStore() }).manager;
    const stand = nextStandIns({ cookie: `__Host-sid=${'A'.repeat(22)}.${'A'.repeat(43)}` });
    expect(await createNextSessions(down, stand).session()).toMatchObject({
      ok: false,
      status: 503,
      code: 'ERR_STORE_UNAVAILABLE',
    });
  });

  it('action(): the CSRF token from the form when no header says where the request came from', async () => {
    const { manager } = setup();
    const { token, session } = await manager.create({ userId: 'alice' });
    const stand = nextStandIns({
      cookie: `__Host-sid=${token}`,
      'content-type': 'multipart/form-data; boundary=x',
    });
    const auth = createNextSessions(manager, stand);
    const form = (csrf: string) => {
      const data = new FormData();
      data.set('_csrf', csrf);
      return data;
    };
    expect(await auth.action({ formData: form('k1.wrong') })).toMatchObject({
      ok: false,
      status: 403,
      code: 'ERR_CSRF_REJECTED',
    });
    const csrf = (await auth.session()).ok ? ((await auth.session()) as { csrfToken: string }).csrfToken : '';
    const ok = await auth.action({ formData: form(csrf) });
    expect(ok.ok && ok.session?.id).toBe(session.id);
    const anonymous = createNextSessions(manager, nextStandIns({ 'sec-fetch-site': 'same-origin' }));
    expect(await anonymous.action()).toMatchObject({ ok: false, status: 401 });
    expect(await anonymous.action({ allowAnonymous: true })).toMatchObject({ ok: true, session: null });
  });

  it('route(): SessionErrors become the shared status with no-store; Next’s own throws pass through', async () => {
    const { manager } = setup();
    const { token } = await manager.create({ userId: 'alice' });
    const auth = createNextSessions(manager, nextStandIns({}));
    const get = (path: string) => req(path, { headers: { cookie: `__Host-sid=${token}` } });
    const conflict = auth.route(() => {
      throw new SessionError('ERR_SESSION_LIMIT', 'Too many sessions');
    });
    const res = await conflict(get('/x'), undefined);
    expect(res.status).toBe(429);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const redirectError = Object.assign(new Error('NEXT_REDIRECT'), {
      digest: 'NEXT_REDIRECT;replace;/;307;',
    });
    const redirecting = auth.route(() => {
      throw redirectError;
    });
    await expect(redirecting(get('/x'), undefined)).rejects.toBe(redirectError);
    // Headers of Response.redirect() are immutable: the wrapper copies the response to add the cookie.
    const signIn = auth.route(
      async (_r, { actions }) => {
        await actions.login({ userId: 'bob' });
        return Response.redirect(`${BASE}/account`, 303);
      },
      { allowAnonymous: true },
    );
    const signedIn = await signIn(
      req('/sign-in', { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } }),
      undefined,
    );
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.getSetCookie()[0]).toMatch(/^__Host-sid=/);
    expect(signedIn.headers.get('cache-control')).toBe('no-store');
  });

  it('route(): the client address only with a hop count (Next gives code no socket address)', async () => {
    const signInFrom = async (trustedProxies?: number): Promise<string | undefined> => {
      const { manager } = setup();
      const auth = createNextSessions(manager, { ...nextStandIns({}), trustedProxies });
      const signIn = auth.route(
        async (_r, { actions }) => Response.json((await actions.login({ userId: 'bob' })).session.meta),
        { allowAnonymous: true },
      );
      const headers = { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '203.0.113.9, 198.51.100.7' };
      const res = await signIn(req('/sign-in', { method: 'POST', headers }), undefined);
      return ((await res.json()) as { ip?: string }).ip;
    };
    expect(await signInFrom()).toBeUndefined();
    expect(await signInFrom(1)).toBe('198.51.100.7');
    expect(await signInFrom(2)).toBe('203.0.113.9');
  });

  it('maps cookie attributes onto cookies().set() options, and Next’s functions fit the options', () => {
    expect(
      toNextCookieOptions({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 0 }),
    ).toEqual({
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 0,
      expires: new Date(0),
    });
    // Compiles only if next/headers' real functions match the structural types coatcheck declares.
    const auth = createNextSessions(setup().manager, { cookies, headers });
    expect(typeof auth.route).toBe('function');
  });
});
