import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_PREFIX, CoatcheckSessionStore } from '../../src/adapters/express-session/index.js';
import { createSessionManager, Keyring, type SessionManager, type SessionStore } from '../../src/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { countingStore } from '../helpers/counting-store.js';
import { Device } from '../helpers/device.js';
import { waitFor } from '../helpers/redis-servers.js';
import { redisStore } from '../helpers/redis-stores.js';
import { expressSessionApp, SESSION_COOKIE, serve } from './apps/express-session-app.js';

const SECRET = randomUUID(); // express-session's cookie-signing secret
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-bridge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const openers: Record<'sqlite' | 'redis', () => Promise<SessionStore>> = {
  sqlite: async () => new SqliteStore({ path: join(dir, `${randomUUID()}.db`) }),
  redis: () => redisStore('standalone'),
};
const sidOf = (cookie: string): string => {
  const signed = decodeURIComponent(cookie);
  return signed.slice(2, signed.lastIndexOf('.'));
};
const user = (): string => `user-${randomUUID().slice(0, 8)}`;

describe.each(['sqlite', 'redis'] as const)('express-session with CoatcheckSessionStore on %s', (backend) => {
  let store: SessionStore;
  let secrets: string;
  let manager: SessionManager;
  let bridge: CoatcheckSessionStore;
  let app: Awaited<ReturnType<typeof serve>>;
  const device = (ua = 'Laptop'): Device => new Device(app.url, ua, SESSION_COOKIE);
  const signIn = async (userId: string, ua?: string): Promise<Device> => {
    const d = device(ua);
    expect((await d.request('POST', '/login', { json: { userId } })).status).toBe(200);
    return d;
  };

  beforeAll(async () => {
    store = await openers[backend]();
    secrets = Keyring.generateSecret('k1');
    manager = createSessionManager({ store, secrets, absoluteTimeout: '1h' });
    bridge = new CoatcheckSessionStore({
      manager,
      userId: (s) => s.userId,
      meta: (s) => ({ userAgent: s.userAgent }),
    });
    app = await serve(expressSessionApp(bridge, SECRET));
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('keeps the session across requests, and its data round-trips', async () => {
    const alice = await signIn(user());
    const items = [{ sku: 'a-1', qty: 2, tags: ['x'] }, 'plain', 3.5, null, { nested: { deep: true } }];
    for (const item of items)
      expect((await alice.request('POST', '/cart', { json: { item } })).status).toBe(200);
    const me = await alice.request('GET', '/me');
    expect(me.body.cart).toEqual(items);
    // The data is sealed at rest like any coatcheck session data.
    const handle = (await bridge.handleOf(sidOf(alice.token!)))!;
    expect((await store.get(handle))!.data).not.toContain('a-1');
  });

  it('never stores the express-session id', async () => {
    const alice = await signIn(user());
    await alice.request('POST', '/cart', { json: { item: 'book' } });
    const sid = sidOf(alice.token!);
    expect(sid.length).toBeGreaterThanOrEqual(24);
    const dump: string[] = [];
    for (let cursor: string | null = null; ; ) {
      const page = await store.scanSessions!(cursor, 100);
      dump.push(JSON.stringify(page.items));
      cursor = page.cursor;
      if (!cursor) break;
    }
    for (const name of await store.listDocuments!(''))
      dump.push(name, JSON.stringify(await store.getDocument(name)));
    expect(dump.join('\n')).toContain((await bridge.handleOf(sid))!);
    expect(dump.join('\n')).not.toContain(sid);
    if (backend === 'sqlite') {
      for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes(sid)).toBe(false);
    }
  });

  it("lists a user's sessions and marks the current one", async () => {
    const id = user();
    const laptop = await signIn(id, 'Laptop');
    await signIn(id, 'Phone');
    await signIn(user(), 'Someone else');
    const { body } = await laptop.request('GET', '/devices');
    const devices = body.devices as { id: string; userAgent: string; current: boolean }[];
    expect(devices.map((d) => d.userAgent).sort()).toEqual(['Laptop', 'Phone']);
    expect(devices.find((d) => d.current)?.id).toBe(await bridge.handleOf(sidOf(laptop.token!)));
    expect((await manager.list(id)).length).toBe(2);
  });

  it('revoking one session, or all, signs the express-session cookie out', async () => {
    const id = user();
    const laptop = await signIn(id, 'Laptop');
    const phone = await signIn(id, 'Phone');
    const tablet = await signIn(id, 'Tablet');
    const phoneHandle = (await bridge.handleOf(sidOf(phone.token!)))!;
    expect(await bridge.revoke(id, phoneHandle)).toBe(true);
    const gone = await phone.request('GET', '/me');
    expect(gone.status).toBe(401);
    expect(gone.headers.getSetCookie()).toEqual([]); // no new anonymous session in its place
    // A write from the revoked cookie never brings the session back.
    await phone.request('POST', '/cart', { json: { item: 'x' } });
    expect(await store.get(phoneHandle)).toBeNull();
    expect((await laptop.request('POST', '/devices/revoke-others')).body.revoked).toBe(1);
    expect((await tablet.request('GET', '/me')).status).toBe(401);
    expect((await laptop.request('GET', '/me')).status).toBe(200);
    expect(await bridge.revokeAll(id)).toBe(1);
    expect((await laptop.request('GET', '/me')).status).toBe(401);
  });

  it('a late write for a revoked sid never brings it back; a user change on one sid moves the record', async () => {
    const sid = randomUUID();
    const cookie = { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString() };
    const call = (op: (done: (error?: unknown) => void) => void): Promise<void> =>
      new Promise((resolve, reject) => op((error) => (error ? reject(error) : resolve())));
    await call((done) => bridge.set(sid, { cookie, cart: ['guest'] } as never, done));
    const guestHandle = (await bridge.handleOf(sid))!;
    expect((await store.get(guestHandle))?.userId.startsWith(ANONYMOUS_PREFIX)).toBe(true);
    const read = (from: CoatcheckSessionStore): Promise<unknown> =>
      new Promise((resolve, reject) =>
        from.get(sid, (error, sess) => (error ? reject(error) : resolve(sess))),
      );
    expect(await read(bridge)).toMatchObject({ cart: ['guest'] }); // this instance now remembers where it is
    const id = user();
    // Another instance (another process) signs the session in: this one must see the move.
    const elsewhere = new CoatcheckSessionStore({ manager, userId: (s) => s.userId });
    await call((done) => elsewhere.set(sid, { cookie, cart: ['guest'], userId: id } as never, done));
    expect(await read(bridge)).toMatchObject({ userId: id });
    const handle = (await bridge.handleOf(sid))!;
    expect(await store.get(guestHandle)).toBeNull();
    expect((await manager.list(id)).map((d) => d.id)).toEqual([handle]);
    expect(await bridge.revoke(id, handle)).toBe(true);
    await call((done) => bridge.set(sid, { cookie, userId: id } as never, done));
    await call((done) => bridge.touch(sid, { cookie, userId: id } as never, done));
    expect(await store.get(handle)).toBeNull();
    expect(await manager.list(id)).toEqual([]);
  });

  it('an unmodified request costs one record read and one touch once the sid is known', async () => {
    const counted = countingStore(store);
    const counting = createSessionManager({ store: counted.store, secrets });
    const own = await serve(
      expressSessionApp(new CoatcheckSessionStore({ manager: counting, userId: (x) => x.userId }), SECRET),
    );
    try {
      const d = new Device(own.url, 'Laptop', SESSION_COOKIE);
      await d.request('POST', '/login', { json: { userId: user() } });
      await d.request('GET', '/me');
      counted.calls.clear();
      expect((await d.request('GET', '/me')).status).toBe(200);
      expect(Object.fromEntries(counted.calls)).toEqual({ get: 1, touch: 1 });
    } finally {
      await own.close();
    }
  });

  it('logout (session.destroy) removes the record', async () => {
    const alice = await signIn(user());
    const handle = (await bridge.handleOf(sidOf(alice.token!)))!;
    expect((await alice.request('POST', '/logout')).status).toBe(204);
    expect(await store.get(handle)).toBeNull();
    expect((await alice.request('GET', '/me')).status).toBe(401);
  });

  it("expires with the express-session cookie, and never after the manager's absolute lifetime", async () => {
    // One store instance per express-session middleware: express-session keeps its cookie options
    // on the store it is given (store.generate), so two apps must not share one.
    const bridgeFor = (): CoatcheckSessionStore =>
      new CoatcheckSessionStore({ manager, userId: (s) => s.userId });
    const short = await serve(expressSessionApp(bridgeFor(), SECRET, 1500));
    const long = await serve(expressSessionApp(bridgeFor(), SECRET, 30 * 24 * 3600_000));
    try {
      const d = new Device(short.url, 'Short', SESSION_COOKIE);
      const res = await d.request('POST', '/login', { json: { userId: user() } });
      const expires = Date.parse(/Expires=([^;]+)/.exec(res.headers.getSetCookie()[0]!)![1]!);
      const handle = (await bridge.handleOf(sidOf(d.token!)))!;
      const record = (await store.get(handle))!;
      expect(Math.abs(record.expiresAt - expires)).toBeLessThan(1500);
      await waitFor(async () => (await store.get(handle)) === null, 'the record to expire', 10_000);
      expect((await d.request('GET', '/me')).status).toBe(401);

      const l = new Device(long.url, 'Long', SESSION_COOKIE);
      await l.request('POST', '/login', { json: { userId: user() } });
      const kept = (await store.get((await bridge.handleOf(sidOf(l.token!)))!))!;
      expect(kept.expiresAt).toBeLessThanOrEqual(kept.createdAt + 3600_000);
    } finally {
      await Promise.all([short.close(), long.close()]);
    }
  });

  it('keeps anonymous sessions by default; `skip` never writes them', async () => {
    const visitor = device();
    await visitor.request('POST', '/cart', { json: { item: 'guest-item' } });
    expect((await visitor.request('GET', '/cart')).body.cart).toEqual(['guest-item']);
    const skipping = new CoatcheckSessionStore({ manager, userId: (s) => s.userId, anonymous: 'skip' });
    const other = await serve(expressSessionApp(skipping, SECRET));
    try {
      const guest = new Device(other.url, 'Guest', SESSION_COOKIE);
      await guest.request('POST', '/cart', { json: { item: 'lost' } });
      expect(await skipping.handleOf(sidOf(guest.token!))).toBeNull();
      expect((await guest.request('GET', '/cart')).body.cart).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('sessions made before a key rotation stay signed in', async () => {
    const alice = await signIn(user());
    const rotated = createSessionManager({ store, secrets: `${Keyring.generateSecret('k2')},${secrets}` });
    const next = new CoatcheckSessionStore({ manager: rotated, userId: (s) => s.userId });
    const after = await serve(expressSessionApp(next, SECRET));
    try {
      const same = new Device(after.url, 'Laptop', SESSION_COOKIE);
      same.token = alice.token;
      await same.request('POST', '/cart', { json: { item: 'after-rotation' } });
      expect((await same.request('GET', '/me')).body.cart).toEqual(['after-rotation']);
    } finally {
      await after.close();
    }
  });
});
