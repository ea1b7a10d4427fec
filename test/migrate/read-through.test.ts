import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionManager, Keyring } from '../../src/index.js';
import { ReadThroughStore } from '../../src/migrate/read-through.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import type { SessionStore } from '../../src/stores/types.js';
import { redisStore } from '../helpers/redis-stores.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-read-through-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secrets = Keyring.generateSecret('k1');

describe('ReadThroughStore (cut-over without logging anyone out)', () => {
  it('keeps old sessions valid, moves them on use, and never resurrects a revoked one', async () => {
    const from = new MemoryStore();
    const old = createSessionManager({ store: from, secrets });
    const a = await old.create({ userId: 'alice', data: { n: 1 } });
    const b = await old.create({ userId: 'alice' });
    const c = await old.create({ userId: 'bob' });

    const to = new SqliteStore({ path: join(dir, 'rt.db') });
    const sessions = createSessionManager({ store: new ReadThroughStore({ from, to }), secrets });
    expect((await sessions.validate(a.token)).session?.data).toEqual({ n: 1 });
    expect(await to.get(a.session.id)).not.toBeNull();
    expect((await sessions.list('alice')).map((s) => s.id).sort()).toEqual(
      [a.session.id, b.session.id].sort(),
    );

    expect((await sessions.logout(b.token)).revoked).toBe(true);
    expect(await from.get(b.session.id)).toBeNull();
    expect((await sessions.validate(b.token)).session).toBeNull();

    const rotated = await sessions.regenerate(a.token);
    expect((await sessions.validate(a.token)).session).toBeNull();
    expect((await sessions.validate(rotated.token)).session?.data).toEqual({ n: 1 });

    expect(await sessions.revokeAll('bob')).toBe(1);
    expect((await sessions.validate(c.token)).session).toBeNull();
    expect(await from.get(c.session.id)).toBeNull();
    // The activity log lives in the new store from the cut-over on.
    const fresh = await sessions.create({ userId: 'alice' });
    const alice = (await sessions.activity('alice')).entries.map((e) => [e.type, e.sessionId]);
    expect(alice).toEqual([
      ['sign-in', fresh.session.id],
      ['sign-out', b.session.id],
    ]);
    expect((await to.listActivity('alice', { limit: 10, since: 0 })).length).toBe(2);
    await to.close();
  });

  it('a logout racing the first read of an old session leaves it dead', async () => {
    const from = new MemoryStore();
    const old = createSessionManager({ store: from, secrets });
    const victims = await Promise.all(Array.from({ length: 20 }, () => old.create({ userId: 'carol' })));
    const to = new MemoryStore();
    const sessions = createSessionManager({ store: new ReadThroughStore({ from, to }), secrets });
    await Promise.all(victims.flatMap(({ token }) => [sessions.validate(token), sessions.logout(token)]));
    for (const { token, session } of victims) {
      expect((await sessions.validate(token)).session).toBeNull();
      expect(await to.get(session.id)).toBeNull();
    }
  });

  it.each(['memory', 'sqlite', 'redis'] as const)(
    'copies a document into %s with its TTL and its version (L7)',
    async (kind) => {
      const from = new MemoryStore();
      const name = 'coatcheck:not-before:v1:alice';
      expect(await from.putDocument(name, '1', null, 600)).toBe(true);
      expect(await from.putDocument(name, '2', 1, 600)).toBe(true);
      expect(await from.putDocument(name, '3', 2, 600)).toBe(true);
      const to: SessionStore =
        kind === 'memory'
          ? new MemoryStore()
          : kind === 'sqlite'
            ? new SqliteStore({ path: join(dir, 'docs.db') })
            : await redisStore('standalone');
      const store = new ReadThroughStore({ from, to });
      expect(await store.getDocument(name)).toEqual({ value: '3', version: 3 });
      const copied = (await to.scanDocuments!(null, 100)).items.find((d) => d.name === name);
      expect(copied).toMatchObject({ value: '3', version: 3 });
      // Still expires, about when the original does (not made permanent).
      expect(copied?.expiresAt).not.toBeNull();
      expect(Math.abs(copied!.expiresAt! - (Date.now() + 600_000))).toBeLessThan(5_000);
      // A writer that read version 3 from the old store still wins its compare-and-set.
      expect(await store.putDocument(name, '4', 3, 600)).toBe(true);
      expect(await to.getDocument(name)).toEqual({ value: '4', version: 4 });
      await to.close();
    },
  );
});
