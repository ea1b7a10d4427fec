import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { type RunningExample, startExample, testSecrets } from '../helpers/example-process.js';

const PASSWORD = `pw-${process.pid}-browser`;
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-example-browser-'));
let example: RunningExample;
let site: string;
let browser: Browser;

beforeAll(async () => {
  [example, browser] = await Promise.all([
    startExample('express', {
      COATCHECK_SECRETS: testSecrets(),
      EXAMPLE_PASSWORD: PASSWORD,
      COATCHECK_STORE: `sqlite:${join(dir, 'sessions.db')}`,
    }),
    launchChromium(),
  ]);
  site = `http://localhost:${example.port}`;
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await example?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function signIn(user: string, userAgent: string): Promise<Page> {
  const page = await (await browser.newContext({ userAgent })).newPage();
  await page.goto(site);
  await page.selectOption('#username', user);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${site}/`), page.click('button[type=submit]')]);
  await page.waitForSelector('#who');
  return page;
}

/** A page on `origin` that fires a fetch POST at /logout, then auto-submits a form to revoke-others. */
async function attackerPage(host: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><form id="f" method="post" action="${site}/sessions/revoke-others"></form>
      <script>
        fetch('${site}/logout', { method: 'POST', credentials: 'include', mode: 'no-cors' })
          .finally(() => document.getElementById('f').submit());
      </script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://${host}:${(server.address() as { port: number }).port}/`, server };
}

describe('the Express example in a real browser (Chromium)', () => {
  it('signs in through the page; the cookie is HttpOnly, Secure, SameSite=Lax', async () => {
    const page = await signIn('alice', 'Laptop (test)');
    expect(await page.textContent('#who')).toBe('alice');
    expect(await page.evaluate(() => document.cookie)).not.toContain('__Host-sid');
    const cookie = (await page.context().cookies()).find((c) => c.name === '__Host-sid');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    await page.goto(`${site}/me`);
    expect(JSON.parse((await page.textContent('body')) ?? '')).toMatchObject({ userId: 'alice' });
    await page.context().close();
  });

  // 127.0.0.1 is another site than localhost: SameSite=Lax keeps the cookie off and the guard
  // answers 403. localhost on another port is the same site but another origin: the browser sends
  // the cookie, and only the cross-origin check (Sec-Fetch-Site: same-site) stops the request.
  for (const host of ['127.0.0.1', 'localhost']) {
    it(`a page on ${host}:<other port> changes nothing (auto-submitted form and fetch)`, async () => {
      const page = await signIn('bob', `Laptop ${host}`);
      const phone = await signIn('bob', `Phone ${host}`);
      await page.reload();
      const before = Number(await page.textContent('#devices'));
      expect(before).toBeGreaterThanOrEqual(2);
      const attacker = await attackerPage(host);
      try {
        await page.goto(attacker.url);
        await page.waitForURL((url) => url.pathname === '/sessions/revoke-others', { timeout: 10_000 });
        expect(await page.content()).toContain('ERR_CROSS_ORIGIN');
      } finally {
        attacker.server.close();
      }
      await page.goto(site);
      expect(await page.textContent('#who')).toBe('bob');
      expect(Number(await page.textContent('#devices'))).toBe(before);
      await phone.reload();
      expect(await phone.textContent('#who')).toBe('bob');
      await Promise.all([page.context().close(), phone.context().close()]);
    });
  }
});
