// examples/authjs (Auth.js with database sessions on coatcheck) built with `next build`, run with
// `next start`, driven in Chromium: e-mail link sign-in on two devices, the device list, signing
// out the other device, revocation from Node, sign-out.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxFile } from '../../examples/authjs/lib/outbox.js';
import { createSessionManager, Keyring } from '../../src/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { launchChromium } from '../helpers/chromium.js';
import { recordSecret } from '../helpers/log-capture.js';
import { buildExample, type RunningExample, startExample } from '../helpers/next-example.js';
import { waitFor } from '../helpers/redis-servers.js';
import { SERVICE_KEY, startServiceProcess } from '../helpers/service-process.js';

const DIR = 'examples/authjs';
const dataDir = mkdtempSync(join(tmpdir(), 'coatcheck-authjs-example-'));
const outbox = join(dataDir, 'outbox');
const storePath = join(dataDir, 'sessions.db');
const secrets = Keyring.generateSecret('k1');
const authSecret = randomBytes(33).toString('base64url');
recordSecret(secrets, authSecret);
let example: RunningExample;
let browser: Browser;

beforeAll(async () => {
  const t = performance.now();
  await buildExample(DIR);
  const built = performance.now();
  const env = { COATCHECK_SECRETS: secrets, AUTH_SECRET: authSecret, EXAMPLE_OUTBOX: outbox };
  example = await startExample({ ...env, COATCHECK_STORE: `sqlite:${storePath}` }, DIR);
  browser = await launchChromium();
  console.log(
    `next build ${Math.round(built - t)} ms, next start ${Math.round(performance.now() - built)} ms`,
  );
}, 400_000);
afterAll(async () => {
  await Promise.all([browser?.close(), example?.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

async function device(userAgent: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent });
  return { context, page: await context.newPage() };
}

/** Asks for a link, takes it from the outbox, opens it: signed in on /devices. */
async function signIn(page: Page, email: string): Promise<void> {
  const file = outboxFile(outbox, email);
  rmSync(file, { force: true });
  await page.goto(`${example.url}/sign-in`);
  await page.fill('input[name=email]', email);
  await page.click('button[type=submit]');
  await page.waitForURL('**/verify-request**'); // Auth.js's "check your e-mail" page
  await waitFor(async () => existsSync(file), 'the sign-in link in the outbox');
  const link = readFileSync(file, 'utf8');
  recordSecret(link);
  rmSync(file);
  await page.goto(link);
  await page.waitForURL('**/devices');
  expect(await page.textContent('#email')).toBe(email);
}

const devicesOf = (page: Page) =>
  page.$$eval('#devices li', (items) =>
    items.map((li) => ({
      id: li.getAttribute('data-device'),
      current: li.getAttribute('data-current'),
      text: li.textContent,
    })),
  );

describe('examples/authjs under next start, in Chromium', () => {
  it('signs in by e-mail link on two devices, lists both, signs out the other one', async () => {
    const email = `ada-${randomUUID().slice(0, 8)}@example.test`;
    const laptop = await device('Laptop Browser/1.0');
    const phone = await device('Phone Browser/2.0');
    try {
      await signIn(laptop.page, email);
      await signIn(phone.page, email);
      await laptop.page.reload();
      const listed = await devicesOf(laptop.page);
      expect(listed).toHaveLength(2);
      expect(listed.find((d) => d.current === 'true')?.text).toContain('Laptop Browser/1.0');
      expect(listed.find((d) => d.current === 'false')?.text).toContain('Phone Browser/2.0');

      await laptop.page.click('#devices button');
      await laptop.page.waitForLoadState('networkidle');
      await laptop.page.goto(`${example.url}/devices`);
      expect(await devicesOf(laptop.page)).toEqual([listed.find((d) => d.current === 'true')]);
      await phone.page.goto(`${example.url}/devices`);
      expect(new URL(phone.page.url()).pathname).toBe('/sign-in');

      await laptop.page.click('text=Sign out');
      await laptop.page.waitForURL('**/sign-in');
      await laptop.page.goto(`${example.url}/devices`);
      expect(new URL(laptop.page.url()).pathname).toBe('/sign-in');
    } finally {
      await Promise.all([laptop.context.close(), phone.context.close()]);
    }
  }, 120_000);

  it('the session is in the service’s device list; revoked from Node, it is signed out at its next request', async () => {
    const laptop = await device('Laptop Browser/1.0');
    const store = new SqliteStore({ path: storePath });
    const service = await startServiceProcess(['--store', `sqlite:${storePath}`], {
      COATCHECK_SECRETS: secrets,
    });
    try {
      await signIn(laptop.page, `grace-${randomUUID().slice(0, 8)}@example.test`);
      const userId = (await laptop.page.textContent('#user-id'))!;
      const listed = await fetch(`${service.url}/v1/users/${userId}/sessions`, {
        headers: { authorization: `Bearer ${SERVICE_KEY}` },
      });
      const { sessions } = (await listed.json()) as { sessions: { id: string; userAgent?: string }[] };
      expect(sessions).toEqual([expect.objectContaining({ userAgent: 'Laptop Browser/1.0' })]);
      const manager = createSessionManager({ store, secrets, absoluteTimeout: '30d' });
      expect((await manager.list(userId)).map((s) => s.id)).toEqual([sessions[0]!.id]);
      expect(await manager.revokeAll(userId)).toBe(1);
      await laptop.page.goto(`${example.url}/devices`);
      expect(new URL(laptop.page.url()).pathname).toBe('/sign-in');
    } finally {
      await laptop.context.close();
      await Promise.all([store.close(), service.stop()]);
    }
  }, 120_000);
});
