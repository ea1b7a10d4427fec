import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { setup } from '../helpers/manager.js';
import { redisStore } from '../helpers/redis-stores.js';

describe('per-user sessions', () => {
  it('lists devices with metadata and no credential', async () => {
    const { manager } = setup();
    const a = await manager.create({ userId: 'alice' }, { ip: '10.0.0.1', userAgent: 'Firefox' });
    const b = await manager.create({ userId: 'alice' }, { ip: '10.0.0.2', userAgent: 'Chrome' });
    await manager.create({ userId: 'bob' });
    const list = await manager.list('alice', b.session.id);
    expect(list.map((s) => [s.id, s.ip, s.userAgent, s.current])).toEqual([
      [a.session.id, '10.0.0.1', 'Firefox', false],
      [b.session.id, '10.0.0.2', 'Chrome', true],
    ]);
    const text = JSON.stringify(list);
    for (const token of [a.token, b.token]) expect(text).not.toContain(token.split('.')[1]);
    expect(text).not.toContain('secretHash');
    // A handle is not a credential.
    expect((await manager.validate(a.session.id)).session).toBeNull();
  });

  it('revokes one (only the owner’s), all others, and all', async () => {
    const { manager } = setup();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => manager.create({ userId: 'alice' })));
    const bob = await manager.create({ userId: 'bob' });
    expect(await manager.revoke(bob.session.id, { userId: 'alice' })).toBe(false);
    expect((await manager.validate(bob.token)).session).not.toBeNull();
    expect(await manager.revoke(a!.session.id, { userId: 'alice' })).toBe(true);
    expect((await manager.validate(a!.token)).session).toBeNull();
    expect(await manager.revokeAll('alice', { except: b!.session.id })).toBe(1);
    expect((await manager.validate(c!.token)).session).toBeNull();
    expect((await manager.validate(b!.token)).session).not.toBeNull();
    expect(await manager.revokeAll('alice')).toBe(1);
    expect(await manager.list('alice')).toEqual([]);
    expect((await manager.validate(bob.token)).session).not.toBeNull();
  });

  it.each(['memory', 'redis'] as const)(
    '%s: list and revokeAll refuse user ids that create refuses (a \\x1f never reaches another range)',
    async (kind) => {
      const store = kind === 'redis' ? await redisStore('standalone') : undefined;
      const { manager } = setup(store ? { store } : {});
      const alice = await manager.create({ userId: 'alice' });
      for (const bad of ['alice\x1f', 'alice\x1f0', '', 'a'.repeat(257), 'x\ny']) {
        const listed = await manager.list(bad).catch((e: unknown) => e);
        expect(isSessionError(listed, 'ERR_BAD_REQUEST')).toBe(true);
        const revoked = await manager.revokeAll(bad).catch((e: unknown) => e);
        expect(isSessionError(revoked, 'ERR_BAD_REQUEST')).toBe(true);
      }
      expect((await manager.validate(alice.token)).session?.userId).toBe('alice');
      await store?.close();
    },
  );

  it('evicts the oldest at the limit by default, and can reject instead', async () => {
    const evict = setup({ maxSessionsPerUser: 2 });
    const first = await evict.manager.create({ userId: 'alice' });
    evict.clock.advance(1);
    await evict.manager.create({ userId: 'alice' });
    evict.clock.advance(1);
    await evict.manager.create({ userId: 'alice' });
    expect((await evict.manager.validate(first.token)).session).toBeNull();
    expect(evict.events.some((e) => e.type === 'session.revoked' && e.reason === 'limit-evicted')).toBe(true);

    const reject = setup({ maxSessionsPerUser: 2, limitPolicy: 'reject' });
    await reject.manager.create({ userId: 'alice' });
    await reject.manager.create({ userId: 'alice' });
    await expect(reject.manager.create({ userId: 'alice' })).rejects.toMatchObject({
      code: 'ERR_SESSION_LIMIT',
    });
    expect(await reject.manager.list('alice')).toHaveLength(2);
  });

  it('enforces the limit under parallel logins', async () => {
    const { manager } = setup({ maxSessionsPerUser: 3, limitPolicy: 'reject' });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => manager.create({ userId: 'alice' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await manager.list('alice')).toHaveLength(3);
  });
});

describe('session data', () => {
  it('setData is compare-and-set on the version', async () => {
    const { manager } = setup();
    const { token, session } = await manager.create({ userId: 'alice', data: { n: 0 } });
    const version = await manager.setData(session, { n: 1 });
    await expect(manager.setData(session, { n: 99 })).rejects.toMatchObject({ code: 'ERR_VERSION_CONFLICT' });
    const now = await manager.validate(token);
    expect([now.session?.data, now.session?.version]).toEqual([{ n: 1 }, version]);
  });

  it('updateData loses no update under parallel requests', async () => {
    const { manager } = setup();
    const { token, session } = await manager.create({ userId: 'alice', data: { items: [] as number[] } });
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        manager.updateData<{ items: number[] }>(session.id, (d) => ({ items: [...d.items, i] }), 50),
      ),
    );
    const after = await manager.validate<{ items: number[] }>(token);
    expect(after.session?.data.items.toSorted((x, y) => x - y)).toEqual(
      Array.from({ length: 25 }, (_, i) => i),
    );
  });

  it('a write racing a logout never resurrects the session', async () => {
    const { manager } = setup();
    const { token, session } = await manager.create({ userId: 'alice', data: { n: 0 } });
    const [write, out] = await Promise.allSettled([
      manager.setData(session, { n: 1 }),
      manager.logout(token),
    ]);
    expect(out.status).toBe('fulfilled');
    await expect(manager.setData(session, { n: 2 })).rejects.toMatchObject({ code: 'ERR_SESSION_REVOKED' });
    expect(['fulfilled', 'rejected']).toContain(write.status);
    expect((await manager.validate(token)).session).toBeNull();
    expect(await manager.list('alice')).toEqual([]);
  });

  it('refuses data that is not a JSON object or is too large', async () => {
    const { manager } = setup({ maxDataBytes: 100 });
    const { session } = await manager.create({ userId: 'alice' });
    await expect(manager.setData(session, { big: 'x'.repeat(200) })).rejects.toMatchObject({
      code: 'ERR_DATA_INVALID',
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(manager.setData(session, cyclic)).rejects.toMatchObject({ code: 'ERR_DATA_INVALID' });
    for (const userId of ['', 'a\nb', 'a\u0000b', 'x'.repeat(257)]) {
      await expect(manager.create({ userId }), JSON.stringify(userId)).rejects.toMatchObject({
        code: 'ERR_BAD_REQUEST',
      });
    }
  });
});

describe('configuration', () => {
  it('refuses weak setups in production', () => {
    const store = new MemoryStore();
    expect(() => setup({ store, production: true, cookie: { secure: false } })).toThrow(/Secure/);
    expect(() => setup({ store, secrets: 'k1:changeme' })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_WEAK' }),
    );
    expect(() => setup({ store, idleTimeout: '2h', absoluteTimeout: '1h' })).toThrow(/idleTimeout/);
    expect(() => setup({ store, idleTimeout: '30 minutes' as never })).toThrow(/idleTimeout/);
  });

  it('the memory store refuses production unless allowed', () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => new MemoryStore()).toThrow(/production/);
      expect(() => new MemoryStore({ allowInProduction: true })).not.toThrow();
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
