import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import type { ActivityEntry, NewDeviceSignIn, SessionManager } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { countingStore } from '../helpers/counting-store.js';
import { setup } from '../helpers/manager.js';
import { redisStore } from '../helpers/redis-stores.js';

const summary = (entries: ActivityEntry[]) =>
  entries.map((e) => [e.type, e.actor, e.sessionId ?? null] as const);

async function all(manager: SessionManager, userId: string): Promise<ActivityEntry[]> {
  return (await manager.activity(userId, { limit: 100 })).entries;
}

describe('activity log through the manager', () => {
  it('records sign-in, step-up, revocations (and who acted), sign-out and expiry, newest first', async () => {
    // The store keeps its own time: it still holds a session the manager finds idle-expired (as
    // with a shortened idle timeout), which the manager then ends and records.
    const { manager, clock } = setup({ maxSessionsPerUser: 3, store: new MemoryStore() });
    const ctx = { ip: '192.0.2.10', userAgent: 'Firefox' };
    const input = { userId: 'alice', meta: { device: 'Firefox 140 on Linux' } };
    const a = await manager.create(input, ctx);
    const b = await manager.create(input, ctx);
    const c = await manager.create(input, ctx);
    const d = await manager.create(input, ctx); // the limit ends a
    const up = await manager.regenerate(d.token, { reauthenticated: true });
    await manager.revoke(b.session.id, { userId: 'alice', actorSessionId: up.session.id });
    await manager.logout(c.token);
    await manager.revokeAll('alice', { reason: 'admin' });
    const e = await manager.create(input, ctx);
    clock.advance(31 * 60);
    expect((await manager.validate(e.token)).session).toBeNull();
    const entries = await all(manager, 'alice');
    expect(summary(entries)).toEqual([
      ['session-expired', 'system', e.session.id],
      ['sign-in', 'user', e.session.id],
      ['session-revoked', 'operator', up.session.id],
      ['sign-out', 'user', c.session.id],
      ['session-revoked', 'other-session', b.session.id],
      ['step-up', 'user', up.session.id],
      ['sign-in', 'user', d.session.id],
      ['session-revoked', 'session-limit', a.session.id],
      ['sign-in', 'user', c.session.id],
      ['sign-in', 'user', b.session.id],
      ['sign-in', 'user', a.session.id],
    ]);
    expect(
      entries.find((x) => x.sessionId === b.session.id && x.type === 'session-revoked')?.actorSessionId,
    ).toBe(up.session.id);
    const first = entries.at(-1)!;
    expect([first.device, first.ip]).toEqual(['Firefox 140 on Linux', '192.0.2.10']);
    expect(entries.at(-4)).toMatchObject({ device: 'Firefox 140 on Linux', ip: '192.0.2.10' }); // evicted a
    // Entries carry handles, never a token or its secret.
    const text = JSON.stringify(entries);
    for (const t of [a, b, c, d, up, e]) expect(text).not.toContain(t.token.split('.')[1]);
  });

  it('pages newest first with a cursor; a user with no history gets an empty page', async () => {
    const { manager } = setup();
    for (let i = 0; i < 5; i++) await manager.create({ userId: 'bob' });
    const first = await manager.activity('bob', { limit: 2 });
    const second = await manager.activity('bob', { limit: 2, before: first.next });
    const third = await manager.activity('bob', { limit: 2, before: second.next });
    expect([first.entries.length, second.entries.length, third.entries.length]).toEqual([2, 2, 1]);
    expect(third.next).toBeNull();
    const ids = [...first.entries, ...second.entries, ...third.entries].map((x) => Number(x.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(new Set(ids).size).toBe(5);
    expect(await manager.activity('nobody')).toEqual({ entries: [], next: null });
  });

  it('refuses a bad user id, limit or cursor with ERR_BAD_REQUEST before any store call', async () => {
    const { store, calls } = countingStore(new MemoryStore());
    const { manager } = setup({ store });
    for (const [userId, query] of [
      ['', {}],
      ['a\u0000b', {}],
      ['x'.repeat(257), {}],
      ['alice', { limit: 0 }],
      ['alice', { limit: 101 }],
      ['alice', { limit: 1.5 }],
      ['alice', { before: '-1' }],
      ['alice', { before: 'abc' }],
      ['alice', { before: '1e3' }],
    ] as const) {
      const error = await manager.activity(userId, query).catch((e: unknown) => e);
      expect(isSessionError(error) && error.code, `${userId} ${JSON.stringify(query)}`).toBe(
        'ERR_BAD_REQUEST',
      );
    }
    expect(calls.get('listActivity')).toBeUndefined();
  });

  it('keeps the configured bounds: count and age', async () => {
    const { manager, clock } = setup({ activity: { maxEntries: 3, maxAge: '1h' } });
    for (let i = 0; i < 5; i++) await manager.create({ userId: 'carol' });
    expect((await all(manager, 'carol')).length).toBe(3);
    clock.advance(2 * 3600);
    expect(await all(manager, 'carol')).toEqual([]);
    await manager.create({ userId: 'carol' });
    expect((await all(manager, 'carol')).length).toBe(1);
  });

  it('is off with activity: false, and refuses bounds out of range', async () => {
    const { manager } = setup({ activity: false });
    await manager.create({ userId: 'dave' });
    expect(await manager.activity('dave')).toEqual({ entries: [], next: null });
    for (const activity of [{ maxEntries: 0 }, { maxEntries: 1001 }, { maxAge: 10 }]) {
      expect(() => setup({ activity })).toThrow(/activity/);
    }
  });

  it('never writes on the validate path, and adds no store call to sign-in, sign-out or revoke', async () => {
    const { store, calls } = countingStore(new MemoryStore());
    const { manager } = setup({ store });
    const s = await manager.login({ userId: 'erin' });
    const other = await manager.create({ userId: 'erin' });
    calls.clear();
    await manager.validate(s.token);
    expect(Object.fromEntries(calls)).toEqual({ get: 1 });
    calls.clear();
    await manager.login({ userId: 'erin' });
    expect(Object.fromEntries(calls)).toEqual({ create: 1 });
    calls.clear();
    await manager.revoke(other.session.id, { userId: 'erin' });
    expect(Object.fromEntries(calls)).toEqual({ get: 1, delete: 1 });
    calls.clear();
    await manager.logout(s.token);
    expect(Object.fromEntries(calls)).toEqual({ get: 1, delete: 1 });
    calls.clear();
    await manager.revokeAll('erin');
    expect(Object.fromEntries(calls)).toEqual({ deleteByUser: 1 });
  });
});

describe('new-device signal', () => {
  it('emits session.new_device, calls the hook and records new-device for an unseen device or network', async () => {
    const seen: NewDeviceSignIn[] = [];
    const { manager, events } = setup({ onNewDevice: (signIn) => void seen.push(signIn) });
    const mac = { device: 'Chrome 156 on macOS' };
    await manager.create({ userId: 'fay', meta: mac }, { ip: '198.51.100.7' });
    await manager.create({ userId: 'fay', meta: mac }, { ip: '198.51.100.99' }); // same /24
    await manager.create({ userId: 'fay', meta: mac }, { ip: '2001:db8:1:2::5' });
    await manager.create({ userId: 'fay', meta: mac }, { ip: '2001:0db8:0001:ffff::9' }); // same /48
    const phone = await manager.create(
      { userId: 'fay', meta: { device: 'Safari on iPhone' } },
      { ip: '198.51.100.7' },
    );
    expect(seen.map((x) => [x.device, x.ip])).toEqual([
      ['Chrome 156 on macOS', '2001:db8:1:2::5'],
      ['Safari on iPhone', '198.51.100.7'],
    ]);
    expect(seen[1]).toMatchObject({ userId: 'fay', sessionId: phone.session.id });
    expect(events.filter((e) => e.type === 'session.new_device')).toHaveLength(2);
    const types = (await all(manager, 'fay')).map((e) => e.type);
    expect(types.filter((t) => t === 'new-device')).toHaveLength(2);
    expect(types[0]).toBe('new-device');
  });

  it('a hook that throws or rejects never fails the sign-in', async () => {
    for (const onNewDevice of [
      () => {
        throw new Error('mail down');
      },
      () => Promise.reject(new Error('mail down')),
    ]) {
      const { manager } = setup({ onNewDevice });
      await manager.create({ userId: 'gus', meta: { device: 'A' } }, { ip: '192.0.2.1' });
      const s = await manager.create({ userId: 'gus', meta: { device: 'B' } }, { ip: '192.0.2.1' });
      expect((await manager.validate(s.token)).session?.id).toBe(s.session.id);
    }
  });
});

describe('endEverything', () => {
  it('ends every session in one step with one entry and raises the not-before time', async () => {
    const { manager, store, events, clock } = setup();
    const sessions = await Promise.all([1, 2, 3].map(() => manager.create({ userId: 'hal' })));
    const bob = await manager.create({ userId: 'bob' });
    clock.advance(5);
    const result = await manager.endEverything('hal', 'password-changed', { actor: 'operator' });
    expect(result.sessions).toBe(3);
    for (const s of sessions) expect((await manager.validate(s.token)).session).toBeNull();
    expect((await manager.validate(bob.token)).session).not.toBeNull();
    const latest = (await manager.activity('hal', { limit: 1 })).entries[0];
    expect(latest).toMatchObject({ type: 'everything-ended', actor: 'operator', reason: 'password-changed' });
    expect((await all(manager, 'hal')).filter((e) => e.type === 'everything-ended')).toHaveLength(1);
    expect(Number((await store.getDocument('coatcheck:not-before:v1:hal'))?.value)).toBe(result.notBefore);
    expect(events.filter((e) => e.type === 'session.revoked')).toHaveLength(3);
    expect(events.find((e) => e.type === 'user.everything_ended')).toMatchObject({ sessions: 3 });
  });

  it('refuses a bad reason or user id with ERR_BAD_REQUEST and ends nothing', async () => {
    const { manager } = setup();
    const s = await manager.create({ userId: 'ida' });
    for (const [userId, reason] of [
      ['ida', ''],
      ['ida', 'Password Changed'],
      ['ida', 'x'.repeat(65)],
      ['ida\n', 'disabled'],
    ]) {
      const error = await manager.endEverything(userId!, reason!).catch((e: unknown) => e);
      expect(isSessionError(error) && error.code).toBe('ERR_BAD_REQUEST');
    }
    expect((await manager.validate(s.token)).session).not.toBeNull();
  });
});

describe('activity on Redis (cluster): entries ride in the session scripts', () => {
  it('records sign-in, revoke-others and endEverything with no extra store call', async () => {
    const redis = await redisStore('cluster');
    const { store, calls } = countingStore(redis);
    try {
      const { manager } = setup({ store });
      const a = await manager.login({ userId: 'jo', meta: { device: 'Edge on Windows' } }, null, {
        ip: '203.0.113.5',
      });
      await manager.create({ userId: 'jo', meta: { device: 'Edge on Windows' } }, { ip: '203.0.113.9' });
      await manager.revokeAll('jo', { except: a.session.id });
      await manager.endEverything('jo', 'account-disabled');
      expect(calls.get('appendActivity')).toBeUndefined();
      const entries = await all(manager, 'jo');
      expect(summary(entries).map(([type, actor]) => `${type}/${actor}`)).toEqual([
        'everything-ended/user',
        'session-revoked/other-session',
        'sign-in/user',
        'sign-in/user',
      ]);
      expect(entries.at(-1)).toMatchObject({ device: 'Edge on Windows', ip: '203.0.113.5' });
    } finally {
      await redis.close();
    }
  });
});
