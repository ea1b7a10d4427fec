import { promisify } from 'node:util';
import signature from 'cookie-signature';
import session from 'express-session';
import { describe, expect, it } from 'vitest';
import { createSessionManager, Keyring } from '../../src/index.js';
import { createLegacyMigration, type LegacySessionSource } from '../../src/migrate/index.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { ManualClock } from '../../src/testing/index.js';

const LEGACY_SECRET = 'keyboard cat, the secret this app had for years';

/** A real express-session store holding legacy sessions, and the cookie a browser holds for each. */
async function legacyWorld() {
  const legacyStore = new session.MemoryStore();
  const set = promisify(legacyStore.set.bind(legacyStore));
  const source: LegacySessionSource = {
    get: (sid) => promisify(legacyStore.get.bind(legacyStore))(sid).then((s) => s ?? null),
    destroy: (sid) => promisify(legacyStore.destroy.bind(legacyStore))(sid),
  };
  const cookies: Record<string, string> = {};
  for (const user of ['alice', 'bob']) {
    const sid = `legacy-${user}-${Math.random().toString(36).slice(2)}`;
    await set(sid, {
      cookie: { originalMaxAge: 3600_000 },
      user: { id: user },
      cart: [user.length],
    } as never);
    cookies[user] = encodeURIComponent(`s:${signature.sign(sid, LEGACY_SECRET)}`);
  }
  const clock = new ManualClock();
  const manager = createSessionManager({
    store: new MemoryStore({ clock }),
    secrets: Keyring.generateSecret('k1'),
    clock,
  });
  const migrate = createLegacyMigration({
    manager,
    legacySecrets: ['a newer secret', LEGACY_SECRET],
    source,
    until: new Date(clock.now() + 7 * 86400_000),
    map: (legacy) => {
      const s = legacy as { user?: { id: string }; cart?: number[] };
      return s.user ? { userId: s.user.id, data: { cart: s.cart ?? [] } } : null;
    },
  });
  return { manager, migrate, cookies, source, clock, legacyStore };
}

describe('legacy express-session migration', () => {
  it('turns a signed legacy cookie into a coatcheck session once, and retires the legacy record', async () => {
    const { manager, migrate, cookies, source } = await legacyWorld();
    const first = await migrate(cookies.alice!);
    expect(first.status).toBe('migrated');
    if (first.status === 'refused') return;
    expect(first.issued.session).toMatchObject({ userId: 'alice', data: { cart: [5] } });
    expect((await manager.validate(first.issued.token)).session?.userId).toBe('alice');
    expect(await source.get(first.legacySid)).toBeNull();
    const again = await migrate(cookies.alice!);
    expect(again.status === 'already-migrated' && again.issued.token).toBe(first.issued.token);
    expect(await manager.list('alice')).toHaveLength(1);
  });

  it('refuses forged, unsigned, tampered and wrongly signed cookies', async () => {
    const { migrate, cookies, manager } = await legacyWorld();
    const sid = decodeURIComponent(cookies.bob!).slice(2, decodeURIComponent(cookies.bob!).lastIndexOf('.'));
    const forged = [
      encodeURIComponent(`s:${signature.sign(sid, 'guessed secret')}`),
      encodeURIComponent(`s:${sid}`),
      sid,
      encodeURIComponent(`s:${signature.sign(`${sid}x`, LEGACY_SECRET).replace(`${sid}x`, sid)}`),
      `${cookies.bob!.slice(0, -2)}AA`,
      '%E0%A4%A',
      's:'.padEnd(5000, 'a'),
      '',
    ];
    for (const value of forged) {
      expect(await migrate(value), value.slice(0, 40)).toEqual({
        status: 'refused',
        reason: 'bad-signature',
      });
    }
    expect(await manager.list('bob')).toEqual([]);
  });

  it('creates exactly one session when parallel requests carry the same legacy cookie', async () => {
    const { migrate, cookies, manager } = await legacyWorld();
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => migrate(cookies.bob!)));
    const tokens = new Set(outcomes.map((o) => (o.status === 'refused' ? o.reason : o.issued.token)));
    expect(tokens.size).toBe(1);
    expect(outcomes.filter((o) => o.status === 'migrated')).toHaveLength(1);
    expect(await manager.list('bob')).toHaveLength(1);
  });

  it('never brings back a migrated session after logout', async () => {
    const { migrate, cookies, manager } = await legacyWorld();
    const first = await migrate(cookies.alice!);
    if (first.status === 'refused') throw new Error('expected a migration');
    await manager.logout(first.issued.token);
    expect(await migrate(cookies.alice!)).toEqual({ status: 'refused', reason: 'ended' });
    expect(await manager.list('alice')).toEqual([]);
  });

  it('stops at the end of the window and when switched off', async () => {
    const { migrate, cookies, clock } = await legacyWorld();
    clock.advance(7 * 86400 + 1);
    expect(await migrate(cookies.alice!)).toEqual({ status: 'refused', reason: 'window-closed' });
    const off = await legacyWorld();
    const disabled = createLegacyMigration({
      manager: off.manager,
      legacySecrets: [LEGACY_SECRET],
      source: off.source,
      until: new Date(Date.now() + 86400_000),
      map: () => ({ userId: 'x' }),
      enabled: false,
    });
    expect(await disabled(off.cookies.alice!)).toEqual({ status: 'refused', reason: 'disabled' });
  });
});
