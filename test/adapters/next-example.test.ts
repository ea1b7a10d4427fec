// examples/next built with `next build` and run with `next start`, exercised over real HTTP: the
// sign-in Server Action, the protected page, fixation, cross-origin refusals on a Route Handler
// and on Server Actions, sign-out, the proxy.ts gate, Chromium with JavaScript, and a Redis outage
// answered 503.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { launchChromium } from '../helpers/chromium.js';
import {
  buildExample,
  formsOf,
  type RunningExample,
  startExample,
  startRefused,
} from '../helpers/next-example.js';
import { RedisFleet } from '../helpers/redis-servers.js';
import { sessionCookieValue } from './harness.js';

const PASSWORD = 'next-example-password';
const dataDir = mkdtempSync(join(tmpdir(), 'coatcheck-next-'));
const fleet = new RedisFleet();
const env = { COATCHECK_SECRETS: Keyring.generateSecret('k1'), EXAMPLE_PASSWORD: PASSWORD };
let sqlite: RunningExample;
let redis: RunningExample;
let redisServer: Awaited<ReturnType<RedisFleet['server']>>;
let browser: Browser;
const timings: Record<string, number> = {};

beforeAll(async () => {
  let t = performance.now();
  await buildExample();
  timings.buildMs = Math.round(performance.now() - t);
  t = performance.now();
  redisServer = await fleet.server();
  [sqlite, redis] = await Promise.all([
    startExample({ ...env, COATCHECK_STORE: `sqlite:${join(dataDir, 'sessions.db')}` }),
    startExample({ ...env, COATCHECK_STORE: `redis://127.0.0.1:${redisServer.port}` }),
  ]);
  timings.startMs = Math.round(performance.now() - t);
  browser = await launchChromium();
  console.log(`next build ${timings.buildMs} ms, two next start ${timings.startMs} ms`);
}, 240_000);

afterAll(async () => {
  await Promise.all([browser?.close(), sqlite?.stop(), redis?.stop(), fleet.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const cookieOf = (token: string): Record<string, string> => ({ cookie: `__Host-sid=${token}` });

/** Posts a page's form the way a browser without JavaScript does (Next's progressive enhancement). */
async function submit(
  app: RunningExample,
  page: string,
  pick: (fields: Record<string, string>) => boolean,
  fields: Record<string, string>,
  headers: Record<string, string>,
): Promise<Response> {
  const html = await (await fetch(`${app.url}${page}`, { headers })).text();
  const form = formsOf(html).find(pick);
  expect(form, `a form on ${page}`).toBeTruthy();
  const body = new FormData();
  for (const [name, value] of Object.entries({ ...form, ...fields })) body.append(name, value);
  return fetch(`${app.url}${page}`, { method: 'POST', body, headers, redirect: 'manual' });
}

const sameOrigin = (app: RunningExample, token?: string): Record<string, string> => ({
  origin: app.url,
  'sec-fetch-site': 'same-origin',
  ...(token ? cookieOf(token) : {}),
});

async function signIn(app: RunningExample, username: string, presented?: string): Promise<string> {
  const res = await submit(
    app,
    '/sign-in',
    (f) => !('id' in f),
    { username, password: PASSWORD },
    sameOrigin(app, presented),
  );
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/account');
  expect(res.headers.get('cache-control')).toMatch(/no-store/);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-sid='))!;
  for (const attr of ['Path=/', 'Secure', 'HttpOnly']) expect(setCookie).toContain(attr);
  return sessionCookieValue(res.headers.getSetCookie())!;
}

const me = (app: RunningExample, token: string): Promise<Response> =>
  fetch(`${app.url}/api/me`, { headers: cookieOf(token) });

describe('examples/next under next start', () => {
  it('refuses to start without COATCHECK_SECRETS, with one line and no secret or stack', async () => {
    const { code, output } = await startRefused({ COATCHECK_SECRETS: '', EXAMPLE_PASSWORD: PASSWORD });
    expect(code).toBe(1);
    expect(output).toContain('cannot start: COATCHECK_SECRETS is required');
    expect(output).not.toMatch(/at .*\.js|next-example-password/);
  });

  it('sends signed-out visitors to sign-in and refuses wrong passwords', async () => {
    const page = await fetch(`${sqlite.url}/account`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get('location')!, sqlite.url).pathname).toBe('/sign-in');
    expect((await fetch(`${sqlite.url}/api/me`)).status).toBe(401);
    const wrong = await submit(
      sqlite,
      '/sign-in',
      () => true,
      { username: 'alice', password: 'nope' },
      sameOrigin(sqlite),
    );
    expect(wrong.headers.get('location')).toBe('/sign-in?error=1');
    expect(sessionCookieValue(wrong.headers.getSetCookie())).toBeNull();
  });

  it('signs in, shows the user and their devices, and replaces a planted session (fixation)', async () => {
    const planted = await signIn(sqlite, 'bob');
    const token = await signIn(sqlite, 'alice', planted);
    expect(token).not.toBe(planted);
    expect((await me(sqlite, planted)).status).toBe(401);
    const page = await fetch(`${sqlite.url}/account`, { headers: cookieOf(token) });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toMatch(/no-store/);
    const html = await page.text();
    expect(html).toContain('data-testid="user">alice<');
    const { sessionId } = (await (await me(sqlite, token)).json()) as { sessionId: string };
    expect(html).toContain(`data-session-id="${sessionId}"`);
  });

  it('refuses a cross-site POST to a route handler with 403 and changes nothing', async () => {
    const token = await signIn(sqlite, 'carol');
    const other = await signIn(sqlite, 'carol');
    const { sessionId: otherId } = (await (await me(sqlite, other)).json()) as { sessionId: string };
    const revoke = (headers: Record<string, string>): Promise<Response> =>
      fetch(`${sqlite.url}/api/devices/revoke`, {
        method: 'POST',
        headers: { ...cookieOf(token), 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ id: otherId }),
      });
    const attempts: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { origin: sqlite.url.replace('http:', 'https:') },
      {}, // neither header, a session cookie and no CSRF token
    ];
    for (const headers of attempts) {
      const refused = await revoke(headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      const code = Object.keys(headers).length === 0 ? 'ERR_CSRF_TOKEN_MISSING' : 'ERR_CROSS_ORIGIN';
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect((await me(sqlite, other)).status).toBe(200);
    const allowed = await revoke({ 'sec-fetch-site': 'same-origin' });
    expect(await allowed.json()).toEqual({ revoked: true });
    expect((await me(sqlite, other)).status).toBe(401);
  });

  it('refuses cross-origin Server Actions (Next’s Origin check and coatcheck’s) and changes nothing', async () => {
    const token = await signIn(sqlite, 'alice');
    const signOutForm = (f: Record<string, string>) => '_csrf' in f && !('id' in f);
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' }, // Next: Origin host differs from Host
      { origin: sqlite.url.replace('http:', 'https:'), 'sec-fetch-site': 'cross-site' }, // same host: coatcheck
      {}, // no Origin: Next lets it through with a warning; coatcheck wants the CSRF token
    ];
    for (const headers of attempts) {
      const res = await submit(
        sqlite,
        '/account',
        signOutForm,
        { _csrf: '' },
        { ...cookieOf(token), ...headers },
      );
      expect(res.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(sessionCookieValue(res.headers.getSetCookie()), JSON.stringify(headers)).toBeNull();
      expect((await me(sqlite, token)).status, JSON.stringify(headers)).toBe(200);
    }
    // With JavaScript, Next invokes the action by its id; coatcheck's refusal is a real 403.
    const html = await (await fetch(`${sqlite.url}/account`, { headers: cookieOf(token) })).text();
    const actionId = Object.keys(formsOf(html).find(signOutForm)!)
      .find((k) => k.startsWith('$ACTION_ID_'))!
      .slice('$ACTION_ID_'.length);
    const fetched = await fetch(`${sqlite.url}/account`, {
      method: 'POST',
      headers: { ...cookieOf(token), 'next-action': actionId, 'content-type': 'text/plain;charset=UTF-8' },
      body: '[]',
    });
    expect(fetched.status).toBe(403);
    expect((await me(sqlite, token)).status).toBe(200);
  });

  it('revokes one device and signs out through Server Actions, then the page is closed', async () => {
    const token = await signIn(sqlite, 'bob');
    const laptop = await signIn(sqlite, 'bob');
    const { sessionId: laptopId } = (await (await me(sqlite, laptop)).json()) as { sessionId: string };
    const revoked = await submit(sqlite, '/account', (f) => f.id === laptopId, {}, sameOrigin(sqlite, token));
    expect(revoked.status).toBe(303);
    expect((await me(sqlite, laptop)).status).toBe(401);
    expect((await me(sqlite, token)).status).toBe(200);
    // No Origin and no Sec-Fetch-Site (an old browser): the form's CSRF token carries it.
    const out = await submit(sqlite, '/account', (f) => '_csrf' in f && !('id' in f), {}, cookieOf(token));
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/sign-in');
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('__Host-sid='))!;
    expect(cleared).toMatch(/Max-Age=0/);
    for (const attr of ['Path=/', 'Secure', 'HttpOnly']) expect(cleared).toContain(attr);
    expect((await me(sqlite, token)).status).toBe(401);
    const page = await fetch(`${sqlite.url}/account`, {
      headers: { ...cookieOf(token), accept: 'text/html' },
      redirect: 'manual',
    });
    expect(page.status).toBe(307);
    expect(page.headers.getSetCookie().some((c) => c.startsWith('__Host-sid=;'))).toBe(true);
  });

  it('in Chromium with JavaScript: signs in, shows the devices, and a same-site page cannot sign out', async () => {
    const page = await (await browser.newContext({ userAgent: 'Chromium (test)' })).newPage();
    await page.goto(`${sqlite.url}/account`);
    await page.waitForURL(`${sqlite.url}/sign-in`); // the proxy's redirect
    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${sqlite.url}/account`), page.click('button[type=submit]')]);
    expect(await page.textContent('[data-testid=user]')).toBe('alice');
    expect(await page.locator('li', { hasText: 'Chromium (test) ' }).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.cookie)).not.toContain('__Host-sid');
    const token = (await page.context().cookies()).find((c) => c.name === '__Host-sid')!.value;
    // Another port on 127.0.0.1 is the same site: the Lax cookie is sent; Next and coatcheck refuse.
    const actionId = Object.keys(formsOf(await page.content()).find((f) => !('id' in f))!).find((k) =>
      k.startsWith('$ACTION_ID_'),
    )!;
    const attacker: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><form id="f" method="post" enctype="multipart/form-data" action="${sqlite.url}/account">
        <input type="hidden" name="${actionId}" value=""></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = attacker.address() as { port: number };
      const landed = page.waitForURL(`${sqlite.url}/account`, { waitUntil: 'commit' });
      await page.goto(`http://127.0.0.1:${port}/`);
      await landed;
      expect((await me(sqlite, token)).status).toBe(200);
    } finally {
      attacker.close();
    }
    await page.goto(`${sqlite.url}/account`);
    await Promise.all([page.waitForURL(`${sqlite.url}/sign-in`), page.click('text=Sign out')]);
    expect((await page.context().cookies()).some((c) => c.name === '__Host-sid')).toBe(false);
    expect((await me(sqlite, token)).status).toBe(401);
  });

  it('in Chromium: a client-side navigation after a revocation goes to sign-in quietly, no 401', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${sqlite.url}/sign-in`);
    await page.fill('input[name=username]', 'carol');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${sqlite.url}/account`), page.click('button[type=submit]')]);
    const token = (await context.cookies()).find((c) => c.name === '__Host-sid')!.value;
    // Signed out elsewhere (the old-browser path of the sign-out form): the page still shows.
    const out = await submit(sqlite, '/account', (f) => '_csrf' in f && !('id' in f), {}, cookieOf(token));
    expect(out.status).toBe(303);
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('response', (r) => void (r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`)));
    await Promise.all([page.waitForURL(`${sqlite.url}/sign-in`), page.click('text=Reload the list')]);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // With Cache Components, Next keeps the previous page hidden (React <Activity>) for back navigation.
    await expect.poll(() => page.getByText('Signed in as').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('answers 503 when the Redis store goes down, never a signed-out or signed-in page', async () => {
    const token = await signIn(redis, 'alice');
    expect((await me(redis, token)).status).toBe(200);
    redisServer.process.kill('SIGKILL');
    await new Promise((resolve) => redisServer.process.once('exit', resolve));
    const api = await me(redis, token);
    expect(api.status).toBe(503);
    expect(await api.text()).not.toMatch(/ECONNREFUSED|at .*\.js/);
    const page = await fetch(`${redis.url}/account`, {
      headers: { ...cookieOf(token), accept: 'text/html' },
      redirect: 'manual',
    });
    expect(page.status).toBe(503);
    expect(page.headers.get('cache-control')).toMatch(/no-store/);
  });
});
