// `coatcheck migrate legacy` end to end: a few thousand connect-redis sessions in a real Redis are
// imported (interrupted, resumed, re-run); then an Express app in lookup mode maps the same legacy
// cookies to coatcheck sessions by their claim alone, never touching the legacy store.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import signature from 'cookie-signature';
import express from 'express';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { coatcheck, requireSession } from '../../src/adapters/express/index.js';
import { createSessionManager, Keyring, type SessionEvent } from '../../src/index.js';
import { createLegacyMigration } from '../../src/migrate/index.js';
import { openStore } from '../../src/server/stores.js';
import { runCli } from '../helpers/cli.js';

const LEGACY_SECRET = 'the express-session secret of the old app';
const TOTAL = 3000;
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-import-'));
const secrets = Keyring.generateSecret('k1');
const env = { ...process.env, NODE_ENV: 'test', COATCHECK_SECRETS: secrets };
const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  client = createClient({ url: inject('redis').standalone });
  await client.connect();
});
afterAll(async () => {
  await client.quit();
  rmSync(dir, { recursive: true, force: true });
});

/** Legacy sessions as connect-redis writes them; every 100th has no user (signed out). */
async function legacySessions(prefix: string, count: number): Promise<Map<number, string>> {
  const store = new ConnectRedisStore({ client, prefix });
  const cookies = new Map<number, string>();
  const cookie = { originalMaxAge: 86_400_000, expires: new Date(Date.now() + 86_400_000), path: '/' };
  for (let i = 0; i < count; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - i) }, async (_, j) => {
        const n = i + j;
        const sid = randomBytes(24).toString('base64url');
        const record = n % 100 === 0 ? { cookie } : { cookie, user: { id: `user${n % 700}` }, cart: [n] };
        await (store.set(sid, record as never) as unknown as Promise<unknown>);
        cookies.set(n, `connect.sid=${encodeURIComponent(`s:${signature.sign(sid, LEGACY_SECRET)}`)}`);
      }),
    );
  }
  return cookies;
}

function listen(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** `migrate legacy` from the test Redis's `prefix` keys into the store `toSpec`. */
function importArgs(prefix: string, toSpec: string): string[] {
  return ['migrate', 'legacy', '--from', inject('redis').standalone, '--prefix', prefix, '--to', toSpec];
}

describe('coatcheck migrate legacy (bulk import) and lookup mode', () => {
  it('imports thousands of sessions once, resumably; the legacy cookies then sign in by claim alone', async () => {
    const prefix = `sess-${randomUUID().slice(0, 6)}:`;
    const cookies = await legacySessions(prefix, TOTAL);
    const toSpec = `${inject('redis').standalone}?prefix=i${randomUUID().slice(0, 6)}:`;
    const args = importArgs(prefix, toSpec);
    const common = [...args, '--user-field', 'user.id', '--until', until, '--data-dir', dir, '--json'];
    const first = await runCli([...common, '--batch-size', '400', '--pages', '2'], env);
    expect(first.code, first.err).toBe(3);
    const partial = JSON.parse(first.out) as { scanned: number; done: boolean };
    expect(partial.done).toBe(false);
    expect(partial.scanned).toBeGreaterThan(0);
    expect(partial.scanned).toBeLessThan(TOTAL);
    const second = await runCli([...common, '--batch-size', '400'], env);
    expect(second.code, second.err).toBe(0);
    const done = JSON.parse(second.out) as Record<string, number>;
    expect(done.imported! + done.alreadyImported!).toBe(TOTAL - TOTAL / 100);
    expect(done.refused).toBeGreaterThanOrEqual(TOTAL / 100);
    expect(done.perSecond).toBeGreaterThan(0);
    const again = JSON.parse((await runCli(common, env)).out) as Record<string, number>;
    expect(again).toMatchObject({ imported: 0, alreadyImported: TOTAL - TOTAL / 100, refused: TOTAL / 100 });
    expect(JSON.stringify([first, second])).not.toContain(secrets.slice(3));

    const target = await openStore(toSpec);
    const claims = (await target.scanDocuments!(null, 50)).items.filter((d) => d.name.startsWith('legacy:'));
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) {
      expect(claim.value).toMatch(/^imported:\$l1\./);
      expect(claim.value).not.toContain('cart');
      expect(claim.expiresAt).toBeGreaterThan(Date.now() + 86_000_000);
      expect(claim.expiresAt).toBeLessThanOrEqual(Date.now() + 86_400_000);
    }
    await target.close();
    const events: SessionEvent[] = [];
    const sessions = createSessionManager({
      store: await openStore(toSpec),
      secrets,
      cookie: { secure: false },
      events: [(e) => void events.push(e)],
    });
    // Lookup mode: no source, so the legacy store is never read or written.
    const migrate = createLegacyMigration({
      manager: sessions,
      legacySecrets: [LEGACY_SECRET],
      until: new Date(until),
    });
    const app = express();
    app.use(coatcheck(sessions, { legacy: { migrate } }));
    app.get('/me', requireSession(), (req, res) => {
      res.json({ userId: req.coatcheck.session!.userId, data: req.coatcheck.session!.data });
    });
    const server = await listen(app);
    const me = (cookie: string): Promise<Response> => fetch(`${server.url}/me`, { headers: { cookie } });
    try {
      for (const n of [1, 2, 699, 1234, 2999]) {
        expect(await (await me(cookies.get(n)!)).json()).toEqual({
          userId: `user${n % 700}`,
          data: { user: { id: `user${n % 700}` }, cart: [n] },
        });
      }
      const parallel = await Promise.all(Array.from({ length: 6 }, () => me(cookies.get(7)!)));
      expect(parallel.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(await sessions.list('user7')).toHaveLength(1);
      expect((await me(cookies.get(100)!)).status).toBe(401);
      const forged = cookies.get(5)!.replace(/\.[^.]+$/, `.${'A'.repeat(43)}`);
      expect((await me(forged)).status).toBe(401);
      const late = `connect.sid=${encodeURIComponent(`s:${signature.sign('never-imported', LEGACY_SECRET)}`)}`;
      expect((await me(late)).status).toBe(401);
      const kinds = (type: string) => events.filter((e) => e.type === type).length;
      expect(kinds('legacy.migrated')).toBe(6);
      expect(kinds('legacy.already_migrated')).toBeGreaterThanOrEqual(5);
      expect(kinds('legacy.rejected')).toBe(3);
      let legacyKeys = 0;
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 }))
        legacyKeys += keys.length;
      expect(legacyKeys).toBe(TOTAL);
    } finally {
      await server.close();
      await sessions.options.store.close();
    }
  }, 120_000);

  it('takes the application mapping from a module (--map)', async () => {
    const prefix = `sess-${randomUUID().slice(0, 6)}:`;
    const cookies = await legacySessions(prefix, 40);
    const mapping = join(dir, 'mapping.mjs');
    writeFileSync(
      mapping,
      "export default (s) => (s.user ? { userId: 'm-' + s.user.id, data: { items: s.cart.length } } : null);\n",
    );
    const toSpec = `${inject('redis').standalone}?prefix=i${randomUUID().slice(0, 6)}:`;
    const out = await runCli(
      [...importArgs(prefix, toSpec), '--map', mapping, '--until', until, '--data-dir', dir],
      env,
    );
    expect(out.code, out.err).toBe(0);
    expect(out.out).toMatch(/40 legacy session\(s\) read — 39 imported, 0 already imported, 1 refused/);
    const sessions = createSessionManager({
      store: await openStore(toSpec),
      secrets,
      cookie: { secure: false },
    });
    const migrate = createLegacyMigration({
      manager: sessions,
      legacySecrets: [LEGACY_SECRET],
      until: new Date(until),
    });
    const outcome = await migrate(cookies.get(3)!.slice('connect.sid='.length));
    expect(outcome.status === 'migrated' && outcome.issued.session).toMatchObject({
      userId: 'm-user3',
      data: { items: 1 },
    });
    expect((await runCli(['migrate', 'legacy', '--from', inject('redis').standalone], env)).code).toBe(2);
    await sessions.options.store.close();
  });
});
