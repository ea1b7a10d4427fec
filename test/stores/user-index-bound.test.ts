// A user's index holds at most its live sessions plus a small bounded slack, on every store and
// whatever the limit setting (SECURITY.md L2): sessions that idle out must not pile up in it until
// a sweep or a read of that user comes along.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createClient } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { routeTag } from '../../src/session-id/route-tag.js';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import type { SessionLimit, SessionStore } from '../../src/stores/types.js';
import { ManualClock, sampleSession } from '../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-index-bound-'));
const raw = createClient({ url: inject('redis').standalone });
await raw.connect();
afterAll(async () => {
  await raw.quit();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh store on a manual clock, and how many index entries it holds for one user. */
interface Subject {
  store: SessionStore;
  clock: ManualClock;
  indexSize(userId: string): Promise<number>;
}

const subjects: Record<string, () => Promise<Subject>> = {
  async memory() {
    const clock = new ManualClock(Date.now());
    const store = new MemoryStore({ clock });
    // Nothing else is in the store: what a purge finds expired is what the user's index still held.
    return {
      store,
      clock,
      indexSize: async (userId) => (await store.listByUser(userId)).length + (await store.purgeExpired()),
    };
  },
  async sqlite() {
    const clock = new ManualClock(Date.now());
    const path = join(dir, `${randomUUID()}.db`);
    const store = new SqliteStore({ path, clock, cleanupIntervalSeconds: 0 });
    return {
      store,
      clock,
      async indexSize(userId) {
        const db = new DatabaseSync(path, { readOnly: true });
        try {
          const row = db
            .prepare('SELECT count(*) AS n FROM coatcheck_sessions WHERE user_id = ?')
            .get(userId);
          return Number((row as { n: number }).n);
        } finally {
          db.close();
        }
      },
    };
  },
  async redis() {
    const clock = new ManualClock(Date.now());
    const prefix = `bound:${randomUUID().slice(0, 8)}:`;
    const store = await RedisStore.connect({
      connection: { url: inject('redis').standalone },
      prefix,
      clock,
    });
    return { store, clock, indexSize: (userId) => raw.zCard(`${prefix}{${routeTag(userId)}}:u`) };
  },
};

const limits: [string, SessionLimit | undefined][] = [
  ['no limit', undefined],
  ['a limit of 5 (evict-oldest)', { max: 5, policy: 'evict-oldest' }],
];

describe.each(Object.keys(subjects))('the per-user index on %s (L2)', (name) => {
  it.each(limits)('stays within live sessions + 1 as 400 sessions idle out, with %s', async (_, limit) => {
    const { store, clock, indexSize } = await subjects[name]!();
    try {
      const userId = randomUUID();
      const at = (ms: number) => ({
        createdAt: clock.now(),
        lastSeenAt: clock.now(),
        expiresAt: clock.now() + ms,
      });
      // Two devices that stay signed in, then one short visit after another.
      for (let i = 0; i < 2; i++) await store.create(sampleSession({ userId, ...at(3_600_000) }), limit);
      let largest = 0;
      for (let i = 0; i < 400; i++) {
        await store.create(sampleSession({ userId, ...at(1_000) }), limit);
        clock.advance(2); // seconds
        if (i % 50 === 49) largest = Math.max(largest, await indexSize(userId));
      }
      expect((await store.listByUser(userId)).length).toBe(2);
      // Live sessions (2) plus the one visit that expired since the user's last create.
      expect(largest).toBeLessThanOrEqual(3);
      expect(await indexSize(userId)).toBeLessThanOrEqual(3);
    } finally {
      await store.close();
    }
  });
});
