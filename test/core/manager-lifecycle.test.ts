import { describe, expect, it } from 'vitest';
import { SessionError } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { countingStore, downStore } from '../helpers/counting-store.js';
import { setup } from '../helpers/manager.js';

describe('create and validate', () => {
  it('creates a session and validates its token', async () => {
    const { manager } = setup();
    const issued = await manager.create(
      { userId: 'alice', data: { cart: [1] } },
      { ip: '10.0.0.1', userAgent: 'UA' },
    );
    expect(issued.cookie.header).toMatch(
      /^__Host-sid=[\w-]{22}\.[\w-]{43}; Path=\/; Max-Age=43200; Secure; HttpOnly; SameSite=Lax$/,
    );
    const result = await manager.validate(issued.token);
    expect(result.session?.userId).toBe('alice');
    expect(result.session?.data).toEqual({ cart: [1] });
    expect(result.session?.meta).toEqual({ ip: '10.0.0.1', userAgent: 'UA', device: 'UA' });
  });

  it('rejects absent, malformed, unknown and tampered tokens without adopting them', async () => {
    const { manager, store } = setup();
    const { token, session } = await manager.create({ userId: 'alice' });
    const [id, secret] = token.split('.') as [string, string];
    const flipped = `${id}.${secret[0] === 'A' ? 'B' : 'A'}${secret.slice(1)}`;
    const unknown = `${'A'.repeat(22)}.${secret}`;
    const cases: [string | undefined, string][] = [
      [undefined, 'absent'],
      ['garbage', 'malformed'],
      [`${token}\r\n`, 'malformed'],
      [unknown, 'unknown'],
      [flipped, 'secret-mismatch'],
      [`${id}.${session.id}AAAAAAAAAAAAAAAAAAAAA`, 'secret-mismatch'],
    ];
    for (const [value, reason] of cases) {
      const result = await manager.validate(value);
      expect(result.session, reason).toBeNull();
      if (!result.session) expect(result.reason).toBe(reason);
    }
    expect(await store.get('A'.repeat(22))).toBeNull();
    expect((await manager.validate(token)).session?.id).toBe(session.id);
  });

  it('a read on a fresh session costs one store read and no write', async () => {
    const counted = countingStore(new MemoryStore());
    const { manager, clock } = setup({ store: counted.store });
    const { token } = await manager.create({ userId: 'alice' });
    counted.calls.clear();
    for (let i = 0; i < 10; i++) await manager.validate(token);
    expect(Object.fromEntries(counted.calls)).toEqual({ get: 10 });
    clock.advance(200);
    const result = await manager.validate(token);
    expect(result.session && result.touched).toBe(true);
    expect(Object.fromEntries(counted.calls)).toEqual({ get: 11, touch: 1 });
  });

  it('expires after the idle timeout and slides with use', async () => {
    // A store on the real clock keeps the record: this proves the manager's own policy, not the TTL.
    const { manager, clock, events } = setup({ idleTimeout: '30m', store: new MemoryStore() });
    const { token } = await manager.create({ userId: 'alice' });
    clock.advance(29 * 60);
    expect((await manager.validate(token)).session).not.toBeNull();
    clock.advance(29 * 60);
    expect((await manager.validate(token)).session).not.toBeNull();
    clock.advance(30 * 60 + 1);
    const expired = await manager.validate(token);
    expect(expired.session).toBeNull();
    if (!expired.session)
      expect([expired.reason, expired.code]).toEqual(['idle-expired', 'ERR_SESSION_EXPIRED']);
    expect(events.some((e) => e.type === 'session.expired' && e.reason === 'idle')).toBe(true);
  });

  it('expires at the absolute lifetime however active', async () => {
    const { manager, clock } = setup({ idleTimeout: '30m', absoluteTimeout: '2h', store: new MemoryStore() });
    const { token } = await manager.create({ userId: 'alice' });
    for (let i = 0; i < 7; i++) {
      clock.advance(15 * 60);
      expect((await manager.validate(token)).session, `after ${(i + 1) * 15} min`).not.toBeNull();
    }
    clock.advance(15 * 60);
    const result = await manager.validate(token);
    expect(result.session === null && result.reason).toBe('absolute-expired');
  });

  it('fails closed with ERR_STORE_UNAVAILABLE when the store is down', async () => {
    const { manager, events } = setup({ store: downStore() });
    const token = `${'A'.repeat(22)}.${'A'.repeat(43)}`;
    await expect(manager.validate(token)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    await expect(manager.create({ userId: 'a' })).rejects.toBeInstanceOf(SessionError);
    const error = await manager.validate(token).catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain('6379');
    expect(events.some((e) => e.type === 'store.unavailable')).toBe(true);
    // The client sees a generic message; the log keeps what went wrong.
    expect(events.find((e) => e.type === 'store.unavailable')).toMatchObject({
      detail: 'ECONNREFUSED 127.0.0.1:6379',
    });
  });
});

describe('regenerate, login and logout', () => {
  it('regenerate keeps the data and kills the old token at once (fixation)', async () => {
    const { manager } = setup();
    const first = await manager.create({ userId: 'alice', data: { role: 'user' } });
    const second = await manager.regenerate(first.token);
    expect(second.token).not.toBe(first.token);
    expect(second.session.id).not.toBe(first.session.id);
    expect(second.session.data).toEqual({ role: 'user' });
    expect((await manager.validate(first.token)).session).toBeNull();
    expect((await manager.validate(second.token)).session?.userId).toBe('alice');
    await expect(manager.regenerate(first.token)).rejects.toMatchObject({ code: 'ERR_TOKEN_INVALID' });
  });

  it('regenerate after re-authentication starts a new absolute lifetime and auth time', async () => {
    const { manager, clock } = setup();
    const first = await manager.create({ userId: 'alice' });
    clock.advance(60);
    const kept = await manager.regenerate(first.token);
    expect(kept.session.authTime).toBe(first.session.authTime);
    expect(kept.session.absoluteExpiresAt).toBe(first.session.absoluteExpiresAt);
    clock.advance(60);
    const fresh = await manager.regenerate(kept.token, { reauthenticated: true });
    expect(fresh.session.authTime).toBe(clock.now());
    expect(fresh.session.absoluteExpiresAt).toBeGreaterThan(first.session.absoluteExpiresAt);
  });

  it('login replaces any session the request carried', async () => {
    const { manager } = setup();
    const planted = await manager.create({ userId: 'mallory' });
    const login = await manager.login({ userId: 'alice' }, planted.token);
    expect((await manager.validate(planted.token)).session).toBeNull();
    expect((await manager.validate(login.token)).session?.userId).toBe('alice');
  });

  it('login never ends a session the request names without its secret', async () => {
    const { manager } = setup();
    const victim = await manager.create({ userId: 'bob' });
    // The id is a public handle (device lists, logs); the secret here is made up.
    const forged = `${victim.session.id}.${'A'.repeat(43)}`;
    const login = await manager.login({ userId: 'mallory' }, forged);
    expect((await manager.validate(victim.token)).session?.userId).toBe('bob');
    expect((await manager.validate(login.token)).session?.userId).toBe('mallory');
  });

  it('logout deletes the record and clears the cookie with the same attributes', async () => {
    const { manager } = setup();
    const { token } = await manager.create({ userId: 'alice' });
    const out = await manager.logout(token);
    expect(out.revoked).toBe(true);
    expect(out.cookie.header).toBe(
      '__Host-sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax',
    );
    expect((await manager.validate(token)).session).toBeNull();
    expect((await manager.logout(token)).revoked).toBe(false);
    expect(out.clearSiteData).toBeNull();
    const strict = setup({ clearSiteDataOnLogout: true });
    const other = await strict.manager.create({ userId: 'bob' });
    expect((await strict.manager.logout(other.token)).clearSiteData).toBe('"cache", "cookies", "storage"');
  });

  it('requireRecentAuth guards step-up', async () => {
    const { manager, clock } = setup();
    const { session } = await manager.create({ userId: 'alice' });
    expect(() => manager.requireRecentAuth(session, '5m')).not.toThrow();
    clock.advance(301);
    expect(() => manager.requireRecentAuth(session, '5m')).toThrow(
      expect.objectContaining({ code: 'ERR_REAUTH_REQUIRED' }),
    );
  });
});
