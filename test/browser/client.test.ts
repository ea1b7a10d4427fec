import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Client from '../../src/client/index.js';
import { launchChromium } from '../helpers/chromium.js';
import { CSRF_META, startClientApp } from '../helpers/client-app.js';
import { hs256Proof, noneProof, proofClient } from '../helpers/dpop.js';
import { recordSecret } from '../helpers/log-capture.js';

declare global {
  interface Window {
    ready: boolean;
    coatcheck: typeof Client;
    api: Client.TokenClient;
    cookies: Client.CookieClient;
    signedOutAt: number | null;
    handed: number;
  }
}

let app: Awaited<ReturnType<typeof startClientApp>>;
let browser: Browser;
beforeAll(async () => {
  app = await startClientApp();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes Web Locks and BroadcastChannel away before any page script runs. */
async function withoutLocksOrChannels(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
    Reflect.deleteProperty(window, 'BroadcastChannel');
  });
}

async function openTabs(
  context: BrowserContext,
  count: number,
  dpop: boolean,
  url = app.url,
): Promise<Page[]> {
  const tabs: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.ready === true);
    await page.evaluate(async (withDpop) => {
      const signer = withDpop ? await window.coatcheck.createDpopSigner() : undefined;
      window.api = window.coatcheck.createTokenClient({
        refreshUrl: '/auth/refresh',
        dpop: signer,
        earlyRefreshSeconds: 0,
      });
      window.signedOutAt = null;
      window.api.onSignedOut(() => {
        window.signedOutAt = Date.now();
      });
      window.handed = 0;
      window.api.onTokens(() => {
        window.handed++;
      });
    }, dpop);
    tabs.push(page);
  }
  return tabs;
}

/** `times` concurrent requests to the resource from one tab; their statuses. */
const callMe = (page: Page, times = 3): Promise<number[]> =>
  page.evaluate(
    (n) => Promise.all(Array.from({ length: n }, async () => (await window.api.fetch('/api/me')).status)),
    times,
  );

async function obtain(page: Page): Promise<Client.StoredTokens> {
  const pair = await page.evaluate(() => window.api.obtain('/auth/tokens'));
  recordSecret(pair.accessToken, pair.refreshToken);
  return pair;
}

/** Marks the shared access token as expired in the browser's copy, so the next request refreshes. */
const expireLocalCopy = (page: Page): Promise<void> =>
  page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('coatcheck');
        open.onsuccess = () => {
          const tx = open.result.transaction('tokens', 'readwrite');
          const store = tx.objectStore('tokens');
          const get = store.get('coatcheck-tokens:tokens');
          get.onsuccess = () => store.put({ ...get.result, expiresAt: 0 }, 'coatcheck-tokens:tokens');
          tx.oncomplete = () => resolve(open.result.close());
          tx.onerror = () => reject(tx.error);
        };
      }),
  );

const reuseOrRevoke = () =>
  app.events.filter((e) => e.type === 'refresh.reuse_detected' || e.type === 'session.revoked');

for (const fallback of [false, true]) {
  const variant = fallback ? 'without Web Locks or BroadcastChannel (fallback)' : 'with Web Locks';
  describe(`the token client across five tabs, ${variant}`, () => {
    it('tokens that expire together are refreshed once per expiry, every tab keeps working', async () => {
      const context = await browser.newContext();
      if (fallback) await withoutLocksOrChannels(context);
      const tabs = await openTabs(context, 5, true);
      expect(await tabs[0]!.evaluate(() => navigator.locks === undefined)).toBe(fallback);
      expect(await tabs[0]!.evaluate(() => typeof BroadcastChannel)).toBe(
        fallback ? 'undefined' : 'function',
      );
      expect((await obtain(tabs[0]!)).tokenType).toBe('DPoP');
      const before = { ...app.counts };
      const reusedBefore = reuseOrRevoke().length;
      expect((await Promise.all(tabs.map((t) => callMe(t)))).flat()).toEqual(Array(15).fill(200));
      for (const round of [1, 2]) {
        await sleep(10_300); // the 10 s access tokens of every tab have now expired
        expect((await Promise.all(tabs.map((t) => callMe(t)))).flat()).toEqual(Array(15).fill(200));
        expect(app.counts.refresh - before.refresh).toBe(round);
        expect(app.counts.refreshOk - before.refreshOk).toBe(round);
      }
      expect(reuseOrRevoke().length).toBe(reusedBefore);
      expect(await Promise.all(tabs.map((t) => t.evaluate(() => window.signedOutAt)))).toEqual(
        Array(5).fill(null),
      );
      await context.close();
    }, 60_000);

    it('logout in one tab: every other tab hears signed-out within a second', async () => {
      const context = await browser.newContext();
      if (fallback) await withoutLocksOrChannels(context);
      const tabs = await openTabs(context, 5, false);
      await obtain(tabs[0]!);
      const start = await tabs[2]!.evaluate(async () => {
        const at = Date.now();
        await window.api.signOut();
        return at;
      });
      await Promise.all(
        tabs.map((t) => t.waitForFunction(() => window.signedOutAt !== null, undefined, { timeout: 1000 })),
      );
      for (const tab of tabs) {
        const at = await tab.evaluate(() => window.signedOutAt);
        expect(at! - start).toBeLessThan(1000);
        expect(await tab.evaluate(() => window.api.tokens())).toBeNull();
      }
      await context.close();
    }, 30_000);
  });
}

describe('DPoP in the browser', () => {
  it('the key is non-extractable; a copied refresh token is refused elsewhere, the legit tab keeps working', async () => {
    const context = await browser.newContext();
    const [legit] = await openTabs(context, 1, true);
    const pair = await obtain(legit!);
    const key = await legit!.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const r = indexedDB.open('coatcheck');
        r.onsuccess = () => resolve(r.result);
      });
      const store = db.transaction('keys').objectStore('keys');
      const pair = await new Promise<CryptoKeyPair>((resolve) => {
        const r = store.get('default:ES256');
        r.onsuccess = () => resolve(r.result);
      });
      const exported = await crypto.subtle.exportKey('jwk', pair.privateKey).then(
        () => 'exported',
        () => 'refused',
      );
      return { extractable: pair.privateKey.extractable, exported };
    });
    expect(key).toEqual({ extractable: false, exported: 'refused' });

    // The thief, in another browser profile: with its own key, then with none.
    const thiefContext = await browser.newContext();
    const [thief] = await openTabs(thiefContext, 1, true);
    const replay = (withKey: boolean) =>
      thief!.evaluate(
        async ({ refreshToken, withKey }) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (withKey) {
            const signer = await window.coatcheck.createDpopSigner({ name: 'thief' });
            headers.dpop = await signer.proof('POST', `${location.origin}/auth/refresh`);
          }
          const body = JSON.stringify({ refresh_token: refreshToken });
          const response = await fetch('/auth/refresh', { method: 'POST', headers, body });
          return [response.status, await response.json()];
        },
        { refreshToken: pair.refreshToken, withKey },
      );
    expect(await replay(true)).toEqual([400, { error: 'invalid_dpop_proof' }]);
    expect(await replay(false)).toEqual([400, { error: 'invalid_dpop_proof' }]);
    // The stolen access token: as Bearer, and as DPoP with the thief's key.
    const asBearer = await fetch(`${app.url}/api/me`, {
      headers: { authorization: `Bearer ${pair.accessToken}` },
    });
    expect(asBearer.status).toBe(401);
    const thiefKey = proofClient('ES256');
    const asDpop = await fetch(`${app.url}/api/me`, {
      headers: {
        authorization: `DPoP ${pair.accessToken}`,
        dpop: thiefKey.proof('GET', `${app.url}/api/me`, { accessToken: pair.accessToken }),
      },
    });
    expect(asDpop.status).toBe(401);

    // The legitimate tab: requests work, and its next refresh (forced) works too.
    const okBefore = app.counts.refreshOk;
    expect(await callMe(legit!, 2)).toEqual([200, 200]);
    await expireLocalCopy(legit!);
    expect(await callMe(legit!, 2)).toEqual([200, 200]);
    expect(app.counts.refreshOk).toBe(okBefore + 1);
    expect(await legit!.evaluate(() => window.signedOutAt)).toBeNull();
    await context.close();
    await thiefContext.close();
  }, 30_000);

  it('a proof replayed as is (same jti) is refused', async () => {
    const context = await browser.newContext();
    const [tab] = await openTabs(context, 1, true);
    await obtain(tab!);
    const seen: Record<string, string>[] = [];
    tab!.on('request', (request) => {
      if (request.url().endsWith('/api/me')) seen.push({ ...request.headers(), url: request.url() });
    });
    expect(await callMe(tab!, 1)).toEqual([200]);
    const { authorization, dpop } = seen[0]!;
    expect(authorization).toMatch(/^DPoP /);
    const again = await fetch(`${app.url}/api/me`, {
      headers: { authorization: authorization!, dpop: dpop! },
    });
    expect(again.status).toBe(401);
    // Another origin (the same server as localhost) never receives the token or a proof.
    const elsewhere = `${app.url.replace('127.0.0.1', 'localhost')}/api/me`;
    await tab!.evaluate((url) => window.api.fetch(url).catch(() => null), elsewhere);
    const sent = seen.filter((h) => h.url!.startsWith('http://localhost'));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((h) => [h.authorization, h.dpop])).toEqual(sent.map(() => [undefined, undefined]));
    await context.close();
  }, 30_000);

  it('over HTTP, a bound token is refused with a wrong htu or htm, a stale iat, alg none or HS256, a private key, no ath', async () => {
    const client = proofClient('ES256');
    const tokensUrl = `${app.url}/auth/tokens`;
    const issued = await fetch(tokensUrl, {
      method: 'POST',
      headers: { dpop: client.proof('POST', tokensUrl) },
    });
    const { access_token: at, token_type } = (await issued.json()) as {
      access_token: string;
      token_type: string;
    };
    recordSecret(at);
    expect(token_type).toBe('DPoP');
    const me = `${app.url}/api/me`;
    const call = (proof: string) =>
      fetch(me, { headers: { authorization: `DPoP ${at}`, dpop: proof } }).then((r) => r.status);
    const now = Date.now();
    const privateJwk = client.key.privateKey.export({ format: 'jwk' });
    const bad = {
      'wrong htu': client.proof('GET', `${app.url}/api/other`, { accessToken: at }),
      'wrong htm': client.proof('POST', me, { accessToken: at }),
      'stale iat': client.proof('GET', me, { accessToken: at, iat: Math.floor(now / 1000) - 600 }),
      'alg none': noneProof(client, 'GET', me, now),
      HS256: hs256Proof(client, 'GET', me, now),
      'private key': client.proof('GET', me, { accessToken: at, header: { jwk: privateJwk } }),
      'no ath': client.proof('GET', me),
    };
    for (const [name, proof] of Object.entries(bad)) expect([name, await call(proof)]).toEqual([name, 401]);
    expect(await call(client.proof('GET', me, { accessToken: at }))).toBe(200);
  });

  it('honours DPoP-Nonce: the client retries once with the server nonce, for tokens and refresh', async () => {
    const nonceApp = await startClientApp({ requireNonce: true });
    try {
      const context = await browser.newContext();
      const [tab] = await openTabs(context, 1, true, nonceApp.url);
      expect((await obtain(tab!)).tokenType).toBe('DPoP');
      expect(nonceApp.counts.tokens).toBe(2); // the use_dpop_nonce answer, then the retry
      await expireLocalCopy(tab!);
      expect(await callMe(tab!, 1)).toEqual([200]);
      expect(nonceApp.counts).toMatchObject({ refresh: 1, refreshOk: 1 });
      await context.close();
    } finally {
      await nonceApp.close();
    }
  }, 30_000);
});

describe('the cookie client', () => {
  it('adds the CSRF header to unsafe requests only, and a 401 signs every tab out', async () => {
    const context = await browser.newContext();
    const tabs: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await context.newPage();
      await page.goto(app.url);
      await page.waitForFunction(() => window.ready === true);
      await page.evaluate(() => {
        window.cookies = window.coatcheck.createCookieClient();
        window.signedOutAt = null;
        window.cookies.onSignedOut(() => {
          window.signedOutAt = Date.now();
        });
      });
      tabs.push(page);
    }
    const [first, second] = tabs as [Page, Page];
    const echo = (method: string) =>
      first.evaluate(
        async (m) => (await (await window.cookies.fetch('/api/echo', { method: m })).json()).csrf,
        method,
      );
    expect(await echo('POST')).toBe(CSRF_META);
    expect(await echo('GET')).toBeNull();
    const fromCall = await first.evaluate(async () => {
      const api = window.coatcheck.createCookieClient({ csrfToken: () => 'from-a-call', name: 'other' });
      return (await (await api.fetch('/api/echo', { method: 'DELETE' })).json()).csrf;
    });
    expect(fromCall).toBe('from-a-call');
    expect(await first.evaluate(() => window.cookies.signedOut)).toBe(false);
    expect(await first.evaluate(async () => (await window.cookies.fetch('/api/gone')).status)).toBe(401);
    expect(await first.evaluate(() => window.cookies.signedOut)).toBe(true);
    await second.waitForFunction(() => window.signedOutAt !== null, undefined, { timeout: 1000 });
    await context.close();
  }, 30_000);
});
