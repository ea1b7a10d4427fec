import type { SessionStore } from '../stores/types.js';
import { check, equal } from './assert.js';
import { sampleSession, sleep } from './fixtures.js';

export interface ContractCase {
  name: string;
  run(store: SessionStore): Promise<void>;
}

const count = <T>(values: T[], wanted: T): number => values.filter((v) => v === wanted).length;

export const sessionCases: ContractCase[] = [
  {
    name: 'create then get returns the same record',
    async run(store) {
      const s = sampleSession();
      equal(await store.create(s), { created: true, evicted: [] }, 'create');
      equal(await store.get(s.id), s, 'get');
      equal(await store.get(sampleSession().id), null, 'unknown id');
    },
  },
  {
    name: 'create never overwrites an existing id',
    async run(store) {
      const s = sampleSession();
      await store.create(s);
      const result = await store.create({ ...s, secretHash: 'x', data: '{"intruder":true}' });
      check(!result.created, 'second create must not succeed');
      equal((await store.get(s.id))?.secretHash, s.secretHash, 'original record intact');
    },
  },
  {
    name: 'expired records are never returned or listed',
    async run(store) {
      const s = sampleSession({ expiresAt: Date.now() + 300 });
      await store.create(s);
      check((await store.get(s.id)) !== null, 'live before expiry');
      await sleep(450);
      equal(await store.get(s.id), null, 'get after expiry');
      equal(await store.listByUser(s.userId), [], 'list after expiry');
      equal(await store.touch(s.id, Date.now(), Date.now() + 60_000), false, 'touch cannot revive');
      equal(await store.get(s.id), null, 'still gone after touch');
    },
  },
  {
    name: 'touch moves lastSeenAt and expiry, and never creates',
    async run(store) {
      const s = sampleSession();
      await store.create(s);
      equal(await store.touch(s.id, s.lastSeenAt + 5, s.expiresAt + 5), true, 'touch live');
      const got = await store.get(s.id);
      equal([got?.lastSeenAt, got?.expiresAt], [s.lastSeenAt + 5, s.expiresAt + 5], 'touched fields');
      const ghost = sampleSession();
      equal(await store.touch(ghost.id, Date.now(), Date.now() + 60_000), false, 'touch unknown');
      equal(await store.get(ghost.id), null, 'touch did not create');
    },
  },
  {
    name: 'updateData is a compare-and-set on version',
    async run(store) {
      const s = sampleSession();
      await store.create(s);
      equal(await store.updateData(s.id, 1, '{"n":1}'), 'updated', 'first write');
      equal(await store.updateData(s.id, 1, '{"n":2}'), 'conflict', 'stale version');
      const got = await store.get(s.id);
      equal([got?.data, got?.version], ['{"n":1}', 2], 'stored data and version');
      equal(await store.updateData(sampleSession().id, 1, '{}'), 'missing', 'unknown id');
    },
  },
  {
    name: 'parallel updates with one expected version: exactly one wins',
    async run(store) {
      const s = sampleSession();
      await store.create(s);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.updateData(s.id, 1, `{"n":${i}}`)),
      );
      equal(count(results, 'updated'), 1, 'winners');
      equal(count(results, 'conflict'), 9, 'conflicts');
      equal((await store.get(s.id))?.version, 2, 'version advanced once');
    },
  },
  {
    name: 'a deleted session is never resurrected by a racing touch or update',
    async run(store) {
      const s = sampleSession();
      await store.create(s);
      const [deleted] = await Promise.all([
        store.delete(s.id),
        store.touch(s.id, Date.now(), Date.now() + 60_000),
        store.updateData(s.id, 1, '{"late":true}'),
      ]);
      equal(deleted?.id, s.id, 'delete returned the record');
      equal(await store.get(s.id), null, 'still deleted');
      equal(await store.updateData(s.id, 1, '{"late":true}'), 'missing', 'update after delete');
      equal(await store.touch(s.id, Date.now(), Date.now() + 60_000), false, 'touch after delete');
      equal(await store.get(s.id), null, 'not resurrected');
      equal(await store.listByUser(s.userId), [], 'not listed');
    },
  },
  {
    name: 'replace swaps the record atomically and only if the old one lives',
    async run(store) {
      const s = sampleSession();
      await store.create(s);
      const next = sampleSession({ userId: s.userId, data: s.data });
      equal(await store.replace(s.id, next), true, 'replace');
      equal(await store.get(s.id), null, 'old id dead');
      equal((await store.get(next.id))?.id, next.id, 'new id live');
      equal(
        (await store.listByUser(s.userId)).map((r) => r.id),
        [next.id],
        'index follows',
      );
      const orphan = sampleSession({ userId: s.userId });
      equal(await store.replace(s.id, orphan), false, 'replace of a dead id');
      equal(await store.get(orphan.id), null, 'nothing written for a dead id');
    },
  },
  {
    name: 'parallel replaces of one session: exactly one wins',
    async run(store) {
      const s = sampleSession();
      await store.create(s);
      const nexts = Array.from({ length: 5 }, () => sampleSession({ userId: s.userId }));
      const results = await Promise.all(nexts.map((n) => store.replace(s.id, n)));
      equal(count(results, true), 1, 'winners');
      equal((await store.listByUser(s.userId)).length, 1, 'one live session');
    },
  },
  {
    name: 'delete, list and deleteByUser keep the per-user index exact',
    async run(store) {
      const userId = sampleSession().userId;
      const base = Date.now();
      const mine = [0, 1, 2].map((i) => sampleSession({ userId, createdAt: base + i }));
      const other = sampleSession();
      for (const s of [...mine, other]) await store.create(s);
      equal(
        (await store.listByUser(userId)).map((s) => s.id),
        mine.map((s) => s.id),
        'list, oldest first',
      );
      equal((await store.delete(mine[0]!.id))?.id, mine[0]!.id, 'delete one');
      equal(await store.delete(mine[0]!.id), null, 'delete twice');
      const removed = await store.deleteByUser(userId, mine[2]!.id);
      equal(removed, [mine[1]!.id], 'deleteByUser except');
      equal(
        (await store.listByUser(userId)).map((s) => s.id),
        [mine[2]!.id],
        'except survives',
      );
      equal((await store.get(other.id))?.id, other.id, 'other user untouched');
      equal(await store.deleteByUser(userId), [mine[2]!.id], 'delete all');
      equal(await store.listByUser(userId), [], 'none left');
    },
  },
  {
    name: 'limit with reject writes nothing at the cap',
    async run(store) {
      const userId = sampleSession().userId;
      const limit = { max: 2, policy: 'reject' as const };
      for (let i = 0; i < 2; i++)
        equal((await store.create(sampleSession({ userId }), limit)).created, true, 'under cap');
      const third = sampleSession({ userId });
      equal(await store.create(third, limit), { created: false, reason: 'limit' }, 'at cap');
      equal(await store.get(third.id), null, 'not stored');
    },
  },
  {
    name: 'limit with evict-oldest drops the oldest in the same step',
    async run(store) {
      const userId = sampleSession().userId;
      const limit = { max: 2, policy: 'evict-oldest' as const };
      const base = Date.now();
      const [a, b, c] = [0, 1, 2].map((i) => sampleSession({ userId, createdAt: base + i }));
      await store.create(a!, limit);
      await store.create(b!, limit);
      equal(await store.create(c!, limit), { created: true, evicted: [a!.id] }, 'evicted oldest');
      equal(
        (await store.listByUser(userId)).map((s) => s.id),
        [b!.id, c!.id],
        'two newest remain',
      );
      equal(await store.get(a!.id), null, 'evicted is dead');
    },
  },
  {
    name: 'the limit holds under parallel creates',
    async run(store) {
      for (const policy of ['reject', 'evict-oldest'] as const) {
        const userId = sampleSession().userId;
        const results = await Promise.all(
          Array.from({ length: 10 }, () => store.create(sampleSession({ userId }), { max: 3, policy })),
        );
        const created = results.filter((r) => r.created).length;
        equal(created, policy === 'reject' ? 3 : 10, `${policy}: creates that succeeded`);
        equal((await store.listByUser(userId)).length, 3, `${policy}: live sessions`);
      }
    },
  },
];
