import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { DEMO_PASSWORD, startServiceProcess } from '../helpers/service-process.js';

let service: Awaited<ReturnType<typeof startServiceProcess>>;
let browser: Browser;
beforeAll(async () => {
  service = await startServiceProcess();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

async function signIn(page: Page, user: string): Promise<void> {
  await page.goto(service.url);
  await page.selectOption('#username', user);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${service.url}/`), page.click('button[type=submit]')]);
  await page.waitForSelector('#who');
}

describe('the demo in a real browser (Chromium)', () => {
  it('signs in, lists devices, signs another device out, and keeps the cookie from page script', async () => {
    const first = await (await browser.newContext({ userAgent: 'Laptop (test)' })).newPage();
    await signIn(first, 'alice');
    expect(await first.textContent('#who')).toBe('alice');
    expect(await first.evaluate(() => document.cookie)).not.toContain('__Host-sid');
    const cookies = await first.context().cookies();
    expect(cookies.find((c) => c.name === '__Host-sid')).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    });

    const second = await (await browser.newContext({ userAgent: 'Phone (test)' })).newPage();
    await signIn(second, 'alice');
    await first.reload();
    expect(await first.locator('#devices tbody tr').count()).toBe(2);
    const shot = join(tmpdir(), `coatcheck-devices-${process.pid}.png`);
    await first.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    first.once('dialog', (d) => void d.dismiss());
    await Promise.all([first.waitForEvent('load'), first.click('[data-revoke]')]);
    expect(await first.locator('#devices tbody tr').count()).toBe(1);
    await second.reload();
    expect(await second.locator('#sign-in').count()).toBe(1);
  });

  it('shows a Recent activity card: sign-ins, and a device signed out from another one', async () => {
    const laptop = await (await browser.newContext({ userAgent: 'Laptop (test)' })).newPage();
    await signIn(laptop, 'bob');
    const phone = await (await browser.newContext({ userAgent: 'Phone (test)' })).newPage();
    await signIn(phone, 'bob');
    await laptop.reload();
    laptop.once('dialog', (d) => void d.dismiss());
    await Promise.all([laptop.waitForEvent('load'), laptop.click('[data-revoke]')]);
    const card = laptop.locator('#activity');
    await expect(card.locator('h2').textContent()).resolves.toBe('Recent activity');
    const rows = card.locator('tbody tr');
    const types = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-activity')));
    // (A `new-device` entry may come between them, depending on the names of these User-Agents.)
    expect(types.filter((t) => t !== 'new-device').slice(0, 3)).toEqual([
      'session-revoked',
      'sign-in',
      'sign-in',
    ]);
    const [, what, , ip, by] = await rows.first().locator('td').allTextContents();
    expect([what, ip, by]).toEqual(['Session ended', '127.0.0.1', 'you, from another device']);
    expect(await card.textContent()).not.toContain('__Host-sid');
    const shot = join(tmpdir(), `coatcheck-activity-${process.pid}.png`);
    await card.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(5_000);
  });

  it("lists devices by the names people recognise, made from each browser's own User-Agent", async () => {
    // Chromium's real User-Agent, then an iPhone's: the list shows names, the raw text on hover.
    const own = await (await browser.newContext()).newPage();
    await signIn(own, 'carol');
    const major = browser.version().split('.')[0];
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
    const phone = await (await browser.newContext({ userAgent: iphone })).newPage();
    await signIn(phone, 'carol');
    await own.reload();
    const names = await own.locator('#devices td.device').allTextContents();
    expect(names.map((n) => n.replace('this device', '').trim()).sort()).toEqual(
      [`Chrome ${major} on Linux`, 'Safari on iPhone'].sort(),
    );
    expect(await own.locator('#devices td.device', { hasText: 'iPhone' }).getAttribute('title')).toBe(iphone);
  });

  it('a page on another site cannot change anything (auto-submitted form and fetch)', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'bob');
    await page.goto(service.url);
    const before = await page.locator('#devices tbody tr').count();
    const attacker: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><form id="f" method="post" action="${service.url}/auth/sessions/revoke-all"></form>
        <script>
          fetch('${service.url}/auth/logout', { method: 'POST', credentials: 'include', mode: 'no-cors' }).finally(() => document.getElementById('f').submit());
        </script>`);
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
    const { port } = attacker.address() as { port: number };
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForURL((url) => url.pathname.startsWith('/auth/sessions/revoke-all'), { timeout: 10_000 });
    expect(await page.content()).toContain('ERR_');
    await page.goto(service.url);
    expect(await page.textContent('#who')).toBe('bob');
    expect(await page.locator('#devices tbody tr').count()).toBe(before);
    attacker.close();
  });
});
