// Plain-HTTP development in every browser. Chromium and Firefox treat http://localhost as a secure
// context; WebKit (Safari) does not, and drops `Secure` cookies there. The same situation is made
// in Chromium with a host name that is not localhost (dev.test, resolved to 127.0.0.1): the
// default `__Host-sid; Secure` cookie is refused and sign-in does not stick, while the documented
// development mode (`cookie: { secure: false }`) works. Production refuses that mode.
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coatcheck, requireSession, sessionErrors } from '../../src/adapters/express/index.js';
import { createSessionManager, Keyring, type SessionManagerOptions } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { launchChromium } from '../helpers/chromium.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium(['--host-resolver-rules=MAP dev.test 127.0.0.1']);
}, 60_000);
afterAll(() => browser?.close());

/** A small app on a free port; its origin is http://dev.test:<port>. */
async function devApp(cookie: SessionManagerOptions['cookie']) {
  const sessions = createSessionManager({
    store: new MemoryStore(),
    secrets: Keyring.generateSecret('k1'),
    cookie,
  });
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://dev.test:${(server.address() as AddressInfo).port}`;
  app.use(express.json());
  app.use(coatcheck(sessions, { trustedOrigins: [origin] }));
  app.get('/', (_req, res) => void res.type('html').send('<!doctype html><title>dev</title>'));
  app.post('/login', async (req, res) => {
    await req.coatcheck.login({ userId: 'alice' });
    res.sendStatus(204);
  });
  app.get('/me', requireSession(), (req, res) => void res.json({ userId: req.coatcheck.session?.userId }));
  app.use(sessionErrors());
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Signs in from the page and reads /me, as the app's own script would. */
async function signInFromPage(origin: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const status = await page.evaluate(async () => {
    await fetch('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return (await fetch('/me')).status;
  });
  const cookies = await context.cookies(origin);
  await context.close();
  return { status, cookies };
}

describe('local development over plain HTTP, where localhost is not trusted (as in Safari)', () => {
  it('the secure default cookie is refused there: sign-in does not stick', async () => {
    const app = await devApp(undefined);
    try {
      const { status, cookies } = await signInFromPage(app.origin);
      expect(status).toBe(401);
      expect(cookies).toEqual([]);
    } finally {
      await app.close();
    }
  }, 30_000);

  it('cookie: { secure: false } signs in: the cookie is sid, HttpOnly, not Secure', async () => {
    const app = await devApp({ secure: false });
    try {
      const { status, cookies } = await signInFromPage(app.origin);
      expect(status).toBe(200);
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ name: 'sid', secure: false, httpOnly: true, sameSite: 'Lax' });
    } finally {
      await app.close();
    }
  }, 30_000);

  it('production refuses the development mode', () => {
    const build = (production: boolean) => () =>
      createSessionManager({
        store: new MemoryStore({ allowInProduction: true }),
        cookie: { secure: false },
        production,
      });
    expect(build(true)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_WEAK' }));
    expect(build(false)).not.toThrow();
  });
});
