import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CoatcheckSessionStore } from '../../src/adapters/express-session/index.js';
import { createSessionManager, Keyring, type SessionStore } from '../../src/index.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { Device } from '../helpers/device.js';
import { RedisFleet, waitFor } from '../helpers/redis-servers.js';
import { expressSessionApp, SESSION_COOKIE, serve } from './apps/express-session-app.js';

const SECRET = randomUUID();
const secrets = Keyring.generateSecret('k1');
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-bridge-outage-'));
const fleet = new RedisFleet();
afterAll(async () => {
  await fleet.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function appOn(store: SessionStore): Promise<Awaited<ReturnType<typeof serve>>> {
  const manager = createSessionManager({ store, secrets });
  return serve(expressSessionApp(new CoatcheckSessionStore({ manager, userId: (s) => s.userId }), SECRET));
}

// express-session hands a store error to next(err) (only an error with code ENOENT would make it
// start a new session, and coatcheck never uses that code): the app's error handler answers 503.
async function expectRefused(device: Device): Promise<void> {
  for (const [method, path] of [
    ['GET', '/me'],
    ['POST', '/cart'],
    ['POST', '/login'],
  ] as const) {
    const res = await device.request(method, path, { json: method === 'POST' ? { userId: 'x' } : undefined });
    expect(res.status, `${method} ${path}`).toBe(503);
    expect(res.body).toMatchObject({ error: { code: 'ERR_STORE_UNAVAILABLE' } });
    expect(res.headers.getSetCookie(), 'no new session replaces the old one').toEqual([]);
  }
}

describe('express-session on a coatcheck store that is down fails closed', () => {
  it('SQLite closed: 503, no new cookie; the session is intact when the store is back', async () => {
    const path = join(dir, 'sessions.db');
    const store = new SqliteStore({ path });
    const app = await appOn(store);
    const alice = new Device(app.url, 'Laptop', SESSION_COOKIE);
    await alice.request('POST', '/login', { json: { userId: 'alice' } });
    await alice.request('POST', '/cart', { json: { item: 'kept' } });
    const cookie = alice.token;
    await store.close();
    try {
      await expectRefused(alice);
    } finally {
      await app.close();
    }
    expect(alice.token).toBe(cookie);
    const reopened = new SqliteStore({ path });
    const again = await appOn(reopened);
    try {
      const back = new Device(again.url, 'Laptop', SESSION_COOKIE);
      back.token = cookie;
      expect((await back.request('GET', '/me')).body).toEqual({ userId: 'alice', cart: ['kept'] });
    } finally {
      await again.close();
      await reopened.close();
    }
  });

  it('Redis paused (SIGSTOP): 503 within the command timeout; signed in again once it resumes', async () => {
    const server = await fleet.server();
    const store = await RedisStore.connect({
      connection: { url: `redis://127.0.0.1:${server.port}` },
      commandTimeoutMs: 300,
    });
    const app = await appOn(store);
    try {
      const alice = new Device(app.url, 'Laptop', SESSION_COOKIE);
      await alice.request('POST', '/login', { json: { userId: 'alice' } });
      await alice.request('POST', '/cart', { json: { item: 'kept' } });
      server.process.kill('SIGSTOP');
      try {
        await expectRefused(alice);
      } finally {
        server.process.kill('SIGCONT');
      }
      await waitFor(async () => (await alice.request('GET', '/me')).status === 200, 'Redis to resume');
      expect((await alice.request('GET', '/me')).body).toEqual({ userId: 'alice', cart: ['kept'] });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
