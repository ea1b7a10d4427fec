import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { SessionData as ExpressSessionData } from 'express-session';
import { afterAll, describe, expect, it } from 'vitest';
import { CoatcheckSessionStore } from '../../src/adapters/express-session/index.js';
import { createSessionManager, Keyring, type SessionStore } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { recordSecret } from '../helpers/log-capture.js';
import { redisStore } from '../helpers/redis-stores.js';

// The bridge driven the way express-session drives a store: callbacks, whole sessions.
const call = <T>(run: (callback: (error?: unknown, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

const stores: SessionStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
});

function bridgeOn(store: SessionStore, clock?: ManualClock) {
  stores.push(store);
  const secrets = Keyring.generateSecret('k1');
  recordSecret(secrets);
  const manager = createSessionManager({
    store,
    secrets,
    absoluteTimeout: '30d',
    ...(clock ? { clock } : {}),
  });
  const bridge = new CoatcheckSessionStore({ manager, userId: (s) => (s as { userId?: string }).userId });
  const get = (sid: string) => call<ExpressSessionData | null>((cb) => bridge.get(sid, cb));
  const set = (sid: string, sess: object) =>
    call<void>((cb) => bridge.set(sid, sess as ExpressSessionData, cb));
  const touch = (sid: string, sess: object) =>
    call<void>((cb) => bridge.touch(sid, sess as ExpressSessionData, cb));
  return { manager, bridge, get, set, touch };
}

// A session as express-session hands it to a store: its cookie's expiry `maxAgeMs` from `now`.
const sessionAt = (now: number, maxAgeMs: number, data: object = {}) => ({
  cookie: {
    originalMaxAge: maxAgeMs,
    expires: new Date(now + maxAgeMs).toISOString(),
    httpOnly: true,
    path: '/',
  },
  ...data,
});

describe('touch keeps the cookie express-session loads fresh', () => {
  it('over ten maxAge periods of touch-only activity, get returns the touched expiry', async () => {
    const clock = new ManualClock();
    const { get, set, touch } = bridgeOn(new MemoryStore({ clock }), clock);
    const sid = randomUUID();
    const maxAgeMs = 60_000;
    await set(sid, sessionAt(clock.now(), maxAgeMs, { userId: 'alice', cart: [1] }));
    for (let step = 0; step < 20; step++) {
      clock.advance(maxAgeMs / 2000);
      const loaded = await get(sid);
      // What express-session computes as cookie.maxAge on load: never stale, never negative.
      const maxAge = Date.parse(String(loaded?.cookie.expires)) - clock.now();
      expect(maxAge).toBeGreaterThan(maxAgeMs / 2 - 1);
      expect(loaded?.cookie.originalMaxAge).toBe(maxAgeMs);
      await touch(sid, sessionAt(clock.now(), maxAgeMs, { userId: 'alice', cart: [1] }));
      expect((await get(sid))?.cookie.expires).toBe(new Date(clock.now() + maxAgeMs).toISOString());
    }
    // Ten maxAge periods after the last save the user is still signed in, data intact.
    expect(await get(sid)).toMatchObject({ userId: 'alice', cart: [1] });
  });

  it('a touch that changes a cookie setting (a new maxAge) stores it, as express-session expects', async () => {
    const clock = new ManualClock();
    const { get, set, touch } = bridgeOn(new MemoryStore({ clock }), clock);
    const sid = randomUUID();
    await set(sid, sessionAt(clock.now(), 60_000, { userId: 'alice' }));
    await get(sid);
    await touch(sid, sessionAt(clock.now(), 3_600_000, { userId: 'alice' }));
    expect((await get(sid))?.cookie).toMatchObject({ originalMaxAge: 3_600_000 });
  });
});

const backends: [string, () => Promise<SessionStore>][] = [
  ['memory', async () => new MemoryStore()],
  ['sqlite', async () => new SqliteStore({ path: ':memory:' })],
  ['redis', () => redisStore('standalone')],
];

describe.each(backends)('all, length and clear on %s', (_name, open) => {
  it("see and end the bridge's sessions, and nothing else in the store", async () => {
    const store = await open();
    const { manager, bridge, get, set } = bridgeOn(store);
    const now = Date.now();
    const sids = [randomUUID(), randomUUID(), randomUUID()];
    await set(sids[0]!, sessionAt(now, 60_000, { userId: 'alice', n: 0 }));
    await set(sids[1]!, sessionAt(now, 60_000, { userId: 'bob', n: 1 }));
    await set(sids[2]!, sessionAt(now, 60_000, { n: 2 })); // anonymous
    // Not the bridge's: a coatcheck session of its own, and a document.
    const other = await manager.create({ userId: 'alice', data: { own: true } });
    await store.putDocument('unrelated', 'keep me', null);

    const all = await call<ExpressSessionData[]>((cb) => bridge.all(cb));
    expect(all.map((s) => (s as unknown as { n: number }).n).toSorted()).toEqual([0, 1, 2]);
    expect(all.every((s) => typeof s.cookie.expires === 'string')).toBe(true);
    expect(await call<number>((cb) => bridge.length(cb))).toBe(3);

    await call<void>((cb) => bridge.destroy(sids[1]!, cb));
    expect(await call<number>((cb) => bridge.length(cb))).toBe(2);

    await call<void>((cb) => bridge.clear(cb));
    expect(await call<number>((cb) => bridge.length(cb))).toBe(0);
    expect(await call((cb) => bridge.all(cb))).toEqual([]);
    for (const sid of sids) expect(await get(sid)).toBeNull();
    // A request still in flight with a cleared sid brings nothing back.
    await set(sids[0]!, sessionAt(now, 60_000, { userId: 'alice', n: 9 }));
    expect(await get(sids[0]!)).toBeNull();
    expect((await manager.validate(other.token)).session?.data).toEqual({ own: true });
    expect(await store.getDocument('unrelated')).toMatchObject({ value: 'keep me' });
  });
});

describe.each(backends)('parallel saves of one session on %s', (_name, open) => {
  it('50 saves at once all succeed (none runs out of retries) and the last one queued wins', async () => {
    const { get, set } = bridgeOn(await open());
    const sid = randomUUID();
    const now = Date.now();
    await set(sid, sessionAt(now, 60_000, { userId: 'alice', n: -1 }));
    await get(sid);
    const saves = await Promise.allSettled(
      Array.from({ length: 50 }, (_, n) => set(sid, sessionAt(now, 60_000, { userId: 'alice', n }))),
    );
    expect(saves.filter((s) => s.status === 'rejected')).toEqual([]);
    expect(await get(sid)).toMatchObject({ userId: 'alice', n: 49 });
  });
});

// A callback that throws must surface as an uncaught exception (express-session's contract), not
// as an unhandled rejection that leaves the request hanging. A process of its own, so the test
// runner's own handlers stay out of it.
const thrower = `
  const { createSessionManager, Keyring } = await import('./dist/index.js');
  const { MemoryStore } = await import('./dist/stores/memory/index.js');
  const { CoatcheckSessionStore } = await import('./dist/adapters/express-session/index.js');
  const manager = createSessionManager({ store: new MemoryStore(), secrets: Keyring.generateSecret('k1') });
  const bridge = new CoatcheckSessionStore({ manager, userId: () => null });
  const seen = [];
  process.on('unhandledRejection', () => seen.push('unhandledRejection'));
  process.on('uncaughtException', (error) => seen.push('uncaughtException:' + error.message));
  for (const method of ['get', 'destroy', 'length', 'all', 'clear']) {
    const args = method === 'get' || method === 'destroy' ? ['sid-' + method] : [];
    bridge[method](...args, () => { throw new Error('from ' + method); });
  }
  bridge.set('sid-set', { cookie: { expires: null } }, () => { throw new Error('from set'); });
  setTimeout(() => console.log(JSON.stringify(seen.sort())), 200);
`;

describe('callbacks run outside the promise chain', () => {
  it('an exception thrown in a callback is an uncaught exception, never an unhandled rejection', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', thrower], { stdio: 'pipe' });
      let text = '';
      let err = '';
      child.stdout.on('data', (c) => (text += c));
      child.stderr.on('data', (c) => (err += c));
      child.on('exit', (code) => (code === 0 ? resolve(text.trim()) : reject(new Error(err))));
    });
    expect(JSON.parse(out)).toEqual(
      ['all', 'clear', 'destroy', 'get', 'length', 'set'].map((m) => `uncaughtException:from ${m}`),
    );
  });
});
