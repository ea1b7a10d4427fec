import { Signer } from '@fastify/cookie';
import { describe, expect, it } from 'vitest';
import { createSessionManager, EventBus, Keyring } from '../../src/index.js';
import {
  createLegacyMigration,
  importLegacySessions,
  type LegacySessionSource,
} from '../../src/migrate/index.js';
import { createMetrics } from '../../src/server/metrics.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { ManualClock } from '../../src/testing/index.js';

const SECRET = 'a @fastify/session secret of 32 characters or more';
const until = new Date(Date.now() + 86_400_000);
const cookie = { originalMaxAge: 3600_000, expires: new Date(Date.now() + 3600_000).toISOString() };

function world() {
  const records = new Map<string, unknown>([
    ['sid-alice', { cookie, user: 'alice' }],
    ['sid-bob', { cookie, user: 'bob' }],
    ['sid-old', { cookie: { expires: new Date(Date.now() - 1000).toISOString() }, user: 'old' }],
  ]);
  const source: LegacySessionSource = {
    get: async (sid) => records.get(sid) ?? null,
    destroy: async (sid) => void records.delete(sid),
  };
  const events = new EventBus();
  const metrics = createMetrics(events);
  const manager = createSessionManager({
    store: new MemoryStore(),
    secrets: Keyring.generateSecret('k1'),
    events,
  });
  return { records, source, manager, metrics };
}

const map = (s: unknown) => {
  const user = (s as { user?: string }).user;
  return user ? { userId: user, data: { from: 'legacy' } } : null;
};

describe('legacy migration modes', () => {
  it('reads @fastify/session cookies (its signer, cookiePrefix) and refuses other envelopes', async () => {
    const { manager, source } = world();
    const signer = new Signer(SECRET);
    const migrate = createLegacyMigration({
      manager,
      format: 'fastify-session',
      cookiePrefix: 'p.',
      legacySecrets: [SECRET],
      source,
      map,
      until,
    });
    expect(migrate.cookieName).toBe('sessionId');
    expect((await migrate(encodeURIComponent(signer.sign('sid-alice')))).status).toBe('refused');
    const ok = await migrate(encodeURIComponent(`p.${signer.sign('sid-alice')}`));
    expect(ok.status === 'migrated' && ok.issued.session.userId).toBe('alice');
    const express = encodeURIComponent(`s:${signer.sign('sid-bob')}`);
    expect(await migrate(express)).toEqual({ status: 'refused', reason: 'bad-signature' });
    expect(await migrate(encodeURIComponent(`p.${signer.sign('sid-old')}`))).toEqual({
      status: 'refused',
      reason: 'expired',
    });
  });

  it('with a source and imported claims, activates from the claim and retires the legacy record', async () => {
    const { manager, source, records, metrics } = world();
    const signer = new Signer(SECRET);
    const pages = async () => ({
      items: [...records].map(([sid, record]) => ({ sid, record, ttlMs: 3600_000 })),
      cursor: null,
    });
    const report = await importLegacySessions({ manager, pages, map, until });
    expect(report).toMatchObject({ imported: 2, refused: 1, done: true });
    records.set('sid-alice', { cookie, user: 'mallory' });
    const migrate = createLegacyMigration({
      manager,
      legacySecrets: [SECRET],
      format: 'fastify-session',
      source,
      map,
      until,
    });
    const outcome = await migrate(encodeURIComponent(signer.sign('sid-alice')));
    expect(outcome.status === 'migrated' && outcome.issued.session.userId).toBe('alice');
    expect(records.has('sid-alice')).toBe(false);
    const again = await migrate(encodeURIComponent(signer.sign('sid-alice')));
    expect(again.status).toBe('already-migrated');
    expect(await migrate(encodeURIComponent(signer.sign('sid-nobody')))).toMatchObject({ reason: 'unknown' });
    const text = await metrics.registry.metrics();
    const count = (labels: string) =>
      Number(new RegExp(`coatcheck_legacy_migrations_total\\{${labels}\\} (\\d+)`).exec(text)?.[1] ?? 0);
    expect(count('outcome="imported",reason=""')).toBe(2);
    expect(count('outcome="migrated",reason=""')).toBe(1);
    expect(count('outcome="already_migrated",reason=""')).toBe(1);
    expect(count('outcome="refused",reason="unknown"')).toBe(1);
    expect(count('outcome="refused",reason="expired"')).toBe(1);
  });

  it('finds claims made before a secret rotation: imported and migrated sessions survive it', async () => {
    const { source, records } = world();
    const old = Keyring.generateSecret('k1');
    const store = new MemoryStore();
    const before = createSessionManager({ store, secrets: old });
    const pages = async () => ({
      items: [...records].map(([sid, record]) => ({ sid, record, ttlMs: 3600_000 })),
      cursor: null,
    });
    await importLegacySessions({ manager: before, pages, map, until });
    const signer = new Signer(SECRET);
    const alice = encodeURIComponent(signer.sign('sid-alice'));
    const first = createLegacyMigration({
      manager: before,
      legacySecrets: [SECRET],
      format: 'fastify-session',
      until,
    });
    expect((await first(alice)).status).toBe('migrated');

    const after = createSessionManager({ store, secrets: `${Keyring.generateSecret('k2')},${old}` });
    const lookup = createLegacyMigration({
      manager: after,
      legacySecrets: [SECRET],
      format: 'fastify-session',
      until,
    });
    expect((await lookup(alice)).status).toBe('already-migrated');
    const bob = await lookup(encodeURIComponent(signer.sign('sid-bob')));
    expect(bob.status === 'migrated' && bob.issued.session.userId).toBe('bob');
    expect(await after.list('bob')).toHaveLength(1);
    const again = await importLegacySessions({ manager: after, pages, map, until });
    expect(again).toMatchObject({ imported: 0, alreadyImported: 2 });
    expect((await lookup(alice)).status).toBe('already-migrated');
    expect(await after.list('alice')).toHaveLength(1);
    void source;
  });

  it('a claim abandoned mid-way (the process died) is taken over after its lease, import intact', async () => {
    const { records } = world();
    const clock = new ManualClock();
    const memory = new MemoryStore({ clock });
    let down = false;
    let crashes = 1;
    const store = new Proxy(memory, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (down) throw new Error('store down');
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (prop === 'putDocument' && String(args[1]).startsWith('claimed:') && crashes-- > 0) down = true;
          return result;
        };
      },
    });
    const manager = createSessionManager({ store, secrets: Keyring.generateSecret('k1'), clock });
    const pages = async () => ({
      items: [...records].map(([sid, record]) => ({ sid, record, ttlMs: 3600_000 })),
      cursor: null,
    });
    await importLegacySessions({ manager, pages, map, until: new Date(clock.now() + 86_400_000) });
    const migrate = createLegacyMigration({
      manager,
      legacySecrets: [SECRET],
      format: 'fastify-session',
      until: new Date(clock.now() + 86_400_000),
    });
    const bob = encodeURIComponent(new Signer(SECRET).sign('sid-bob'));
    await expect(migrate(bob)).rejects.toMatchObject({ code: 'ERR_STORE_UNAVAILABLE' });
    down = false;
    expect(await migrate(bob)).toEqual({ status: 'refused', reason: 'unknown' });
    clock.advance(11);
    const taken = await migrate(bob);
    expect(taken.status === 'migrated' && taken.issued.session).toMatchObject({
      userId: 'bob',
      data: { from: 'legacy' },
    });
    expect(await manager.list('bob')).toHaveLength(1);
  });
});
