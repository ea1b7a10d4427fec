import { routeTag } from '../session-id/route-tag.js';
import type { ActivityInput, ActivityWrite, SessionStore, StoredActivity } from '../stores/types.js';
import { check, equal } from './assert.js';
import type { ContractCase } from './contract-sessions.js';
import { sampleSession } from './fixtures.js';

const BOUNDS = { maxEntries: 100, maxAgeMs: 90 * 86_400_000 };

const entry = (type: string, overrides: Partial<ActivityInput> = {}): ActivityInput => ({
  type,
  at: Date.now(),
  actor: 'user',
  ...overrides,
});

const write = (
  userId: string,
  entries: ActivityInput[],
  more: Partial<ActivityWrite> = {},
): ActivityWrite => ({
  userId,
  entries,
  bounds: BOUNDS,
  now: Date.now(),
  ...more,
});

async function log(
  store: SessionStore,
  userId: string,
  before?: number,
  limit = 100,
): Promise<StoredActivity[]> {
  return store.listActivity!(userId, { before, limit, since: Date.now() - BOUNDS.maxAgeMs });
}

const types = (entries: StoredActivity[]): string[] => entries.map((e) => e.type);

/** Two user ids whose sessions share one routing tag (one Redis slot and index). */
function tagTwins(): [string, string] {
  const seen = new Map<string, string>();
  const base = `twin-${Math.random().toString(36).slice(2)}-`;
  for (let i = 0; ; i++) {
    const id = base + i;
    const other = seen.get(routeTag(id));
    if (other) return [other, id];
    seen.set(routeTag(id), id);
  }
}

export const activityCases: ContractCase[] = [
  {
    name: 'create, replace and delete append their entries in the same step, newest first',
    async run(store) {
      const s = sampleSession({ meta: { ip: '192.0.2.7', device: 'Firefox 140 on Linux' } });
      await store.create(
        s,
        undefined,
        write(s.userId, [entry('sign-in', { sessionId: s.id, ip: '192.0.2.7' })]),
      );
      const next = sampleSession({ userId: s.userId });
      check(
        await store.replace(s.id, next, write(s.userId, [entry('step-up', { sessionId: next.id })])),
        'replace',
      );
      await store.delete(next.id, write(s.userId, [entry('sign-out', { sessionId: next.id })]));
      const got = await log(store, s.userId);
      equal(types(got), ['sign-out', 'step-up', 'sign-in'], 'newest first');
      check(got[0]!.seq > got[1]!.seq && got[1]!.seq > got[2]!.seq, 'seq increases with each entry');
      equal([got[2]!.sessionId, got[2]!.ip, got[2]!.actor], [s.id, '192.0.2.7', 'user'], 'fields kept');
      equal(await log(store, sampleSession().userId), [], 'a user with no history has an empty log');
    },
  },
  {
    name: 'a delete that deletes nothing, or another user’s session, writes no entry',
    async run(store) {
      const s = sampleSession();
      const stranger = sampleSession();
      await store.create(stranger);
      equal(
        await store.delete(sampleSession({ userId: s.userId }).id, write(s.userId, [entry('sign-out')])),
        null,
        'nothing',
      );
      const deleted = await store.delete(stranger.id, write(s.userId, [entry('session-revoked')]));
      equal(deleted?.id, stranger.id, 'the stranger’s session was deleted as asked');
      equal(await log(store, s.userId), [], 'no entry for a session that was not theirs');
    },
  },
  {
    name: 'deleteByUser and evictions at the limit write one entry per deleted session, from its record',
    async run(store) {
      const userId = sampleSession().userId;
      const [a, b, c] = [1, 2, 3].map((i) =>
        sampleSession({
          userId,
          createdAt: Date.now() - 10 * i,
          meta: { ip: `198.51.100.${i}`, device: `D${i}` },
        }),
      ) as [
        ReturnType<typeof sampleSession>,
        ReturnType<typeof sampleSession>,
        ReturnType<typeof sampleSession>,
      ];
      for (const s of [a, b]) await store.create(s);
      const limited = await store.create(
        c,
        { max: 2, policy: 'evict-oldest' },
        write(userId, [entry('sign-in', { sessionId: c.id })], {
          perDeleted: entry('session-revoked', { actor: 'session-limit' }),
        }),
      );
      equal(limited, { created: true, evicted: [b.id] }, 'the oldest was evicted');
      const ids = await store.deleteByUser(
        userId,
        c.id,
        write(userId, [], {
          perDeleted: entry('session-revoked', { actor: 'other-session', actorSessionId: c.id }),
        }),
      );
      equal(ids, [a.id], 'the other session ended');
      const got = await log(store, userId);
      equal(types(got), ['session-revoked', 'sign-in', 'session-revoked'], 'entries');
      equal(
        [got[0]!.sessionId, got[0]!.device, got[0]!.ip, got[0]!.actorSessionId],
        [a.id, 'D1', '198.51.100.1', c.id],
        'filled from a',
      );
      equal(
        [got[2]!.sessionId, got[2]!.device, got[2]!.actor],
        [b.id, 'D2', 'session-limit'],
        'filled from b',
      );
    },
  },
  {
    name: 'the log keeps at most maxEntries and nothing older than maxAgeMs',
    async run(store) {
      const userId = sampleSession().userId;
      const now = Date.now();
      const bounds = { maxEntries: 5, maxAgeMs: 3_600_000 };
      const old = [entry('sign-in', { at: now - 7_200_000 }), entry('sign-out', { at: now - 7_100_000 })];
      await store.appendActivity!(write(userId, old, { bounds, now: now - 7_000_000 }));
      equal((await store.listActivity!(userId, { limit: 10, since: 0 })).length, 2, 'both kept while young');
      await store.appendActivity!(write(userId, [entry('step-up', { at: now })], { bounds, now }));
      equal(
        types(await store.listActivity!(userId, { limit: 10, since: 0 })),
        ['step-up'],
        'old ones dropped',
      );
      const many = Array.from({ length: 8 }, (_, i) => entry(`e${i}`, { at: now + i }));
      await store.appendActivity!(write(userId, many, { bounds, now }));
      equal(
        types(await store.listActivity!(userId, { limit: 10, since: 0 })),
        ['e7', 'e6', 'e5', 'e4', 'e3'],
        'count bound',
      );
    },
  },
  {
    name: 'pages follow seq: before and limit give every entry once',
    async run(store) {
      const userId = sampleSession().userId;
      await store.appendActivity!(
        write(
          userId,
          Array.from({ length: 7 }, (_, i) => entry(`e${i}`)),
        ),
      );
      const first = await log(store, userId, undefined, 3);
      const second = await log(store, userId, first.at(-1)!.seq, 3);
      const third = await log(store, userId, second.at(-1)!.seq, 3);
      equal(
        [...first, ...second, ...third].map((e) => e.type),
        ['e6', 'e5', 'e4', 'e3', 'e2', 'e1', 'e0'],
        'pages',
      );
      equal(await log(store, userId, third.at(-1)!.seq, 3), [], 'past the end');
    },
  },
  {
    name: 'unseen: a device and network not in the log is appended and reported, a known one is not',
    async run(store) {
      const userId = sampleSession().userId;
      // Whether the store reported the sign-in's device as new.
      const signIn = async (network: string, device: string): Promise<boolean | string> => {
        const s = sampleSession({ userId });
        const e = entry('sign-in', { sessionId: s.id, network, device });
        const unseen = { ...e, type: 'new-device', network, device };
        const result = await store.create(s, undefined, write(userId, [e], { unseen }));
        return result.created ? (result.newDevice ?? 'not reported') : 'not created';
      };
      equal(await signIn('192.0.2.0/24', 'Chrome on macOS'), false, 'first sign-in: nothing to compare');
      equal(await signIn('192.0.2.0/24', 'Chrome on macOS'), false, 'known');
      equal(await signIn('203.0.113.0/24', 'Chrome on macOS'), true, 'new network');
      equal(await signIn('192.0.2.0/24', 'Safari on iPhone'), true, 'new device');
      equal(
        types(await log(store, userId)),
        ['new-device', 'sign-in', 'new-device', 'sign-in', 'sign-in', 'sign-in'],
        'entries',
      );
    },
  },
  {
    name: 'users who share a routing tag never see each other’s entries',
    async run(store) {
      const [alice, bob] = tagTwins();
      const a = sampleSession({ userId: alice });
      const b = sampleSession({ userId: bob });
      await store.create(a, undefined, write(alice, [entry('sign-in', { sessionId: a.id })]));
      await store.create(b, undefined, write(bob, [entry('sign-in', { sessionId: b.id })]));
      await store.deleteByUser(alice, undefined, write(alice, [entry('everything-ended')]));
      equal(types(await log(store, alice)), ['everything-ended', 'sign-in'], 'alice');
      equal(
        (await log(store, bob)).map((e) => e.sessionId),
        [b.id],
        'bob',
      );
      equal((await store.get(b.id))?.id, b.id, 'bob’s session untouched');
    },
  },
];
