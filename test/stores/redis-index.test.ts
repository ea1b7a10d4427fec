// The per-user index on Redis: bounded whatever the limit setting, exact about whose sessions it
// lists, and able to read the record and index layouts written before it.
import { randomUUID } from 'node:crypto';
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createSessionManager, Keyring } from '../../src/index.js';
import { routeTag } from '../../src/session-id/route-tag.js';
import { encodeLegacySession } from '../../src/stores/redis/codec-legacy.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { ManualClock, sampleSession } from '../../src/testing/index.js';

const url = inject('redis').standalone;
const prefix = `index:${randomUUID().slice(0, 8)}:`;
const clock = new ManualClock(Date.now());
const store = await RedisStore.connect({ connection: { url }, prefix, clock });
const raw = createClient({ url });
await raw.connect();
const rawBuffers = raw.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
afterAll(async () => {
  await store.close();
  await raw.quit();
});
const indexOf = (userId: string): string => `${prefix}{${routeTag(userId)}}:u`;
const sessionKey = (id: string): string => `${prefix}{${id.slice(0, 4)}}s${id.slice(4)}`;

describe('Redis per-user index', () => {
  it('holds only live sessions with no limit: each create drops the expired entries', async () => {
    const userId = randomUUID();
    const now = clock.now();
    // 200 sessions that idle out, then one live one: the index does not keep the dead 200.
    for (let i = 0; i < 200; i++) {
      await store.create(sampleSession({ userId, createdAt: now, expiresAt: now + 1000 }));
    }
    expect(await raw.zCard(indexOf(userId))).toBe(200);
    clock.advance(2);
    await store.create(sampleSession({ userId, createdAt: clock.now(), expiresAt: clock.now() + 60_000 }));
    expect(await raw.zCard(indexOf(userId))).toBe(1);
    expect(await store.listByUser(userId)).toHaveLength(1);
  });

  it('never lists, counts or deletes another user whose entries share the range', async () => {
    const victim = randomUUID();
    const mine = sampleSession({ userId: victim });
    await store.create(mine);
    // Plant another user's session under the victim's digest, as a digest collision would.
    const other = sampleSession({
      userId: `other-${randomUUID()}`,
      id: `${routeTag(victim)}${'x'.repeat(18)}`,
    });
    await raw.set(sessionKey(other.id), (await raw.get(sessionKey(mine.id)))!.replace(victim, other.userId));
    const [victimMember] = await rawBuffers.zRange(indexOf(victim), 0, 0);
    const planted = Buffer.concat([victimMember!.subarray(0, 14), Buffer.from(other.id.slice(4))]);
    await rawBuffers.zAdd(indexOf(victim), { score: 0, value: planted });
    expect((await store.listByUser(victim)).map((s) => s.id)).toEqual([mine.id]);
    expect(await store.deleteByUser(victim)).toEqual([mine.id]);
    expect(await raw.exists(sessionKey(other.id))).toBe(1);
  });

  it('reads entries of the earlier layout and rewrites them on first use', async () => {
    const userId = randomUUID();
    const s = sampleSession({ userId });
    // A session as the earlier layout wrote it: the same record, an index member with the user id.
    await store.create(s);
    await raw.del(indexOf(userId));
    const legacy = `${userId}\x1f${s.createdAt.toString(36).padStart(9, '0')}\x1f${s.id.slice(4)}`;
    await raw.zAdd(indexOf(userId), { score: 0, value: legacy });
    expect((await store.get(s.id))?.id).toBe(s.id);
    expect((await store.listByUser(userId)).map((x) => x.id)).toEqual([s.id]);
    const members = await raw.zRange(indexOf(userId), 0, -1);
    expect(members).not.toContain(legacy);
    expect(members).toHaveLength(1);
    expect(await store.deleteByUser(userId)).toEqual([s.id]);
    expect(await store.get(s.id)).toBeNull();
  });

  it('revokes every session of the earlier layout through deleteByUser', async () => {
    const userId = randomUUID();
    const sessions = [sampleSession({ userId }), sampleSession({ userId })];
    for (const s of sessions) await store.create(s);
    await raw.del(indexOf(userId));
    for (const s of sessions) {
      const legacy = `${userId}\x1f${s.createdAt.toString(36).padStart(9, '0')}\x1f${s.id.slice(4)}`;
      await raw.zAdd(indexOf(userId), { score: 0, value: legacy });
    }
    expect((await store.deleteByUser(userId)).sort()).toEqual(sessions.map((s) => s.id).sort());
    expect(await raw.exists(indexOf(userId))).toBe(0);
  });
});

describe('Redis records of the earlier layout', () => {
  it('stay readable, and a write rewrites them in the current layout', async () => {
    const userId = randomUUID();
    const s = sampleSession({ userId, authTime: Date.now() - 90_000, meta: { ip: '10.0.0.1' } });
    // What the earlier layout wrote: an all-text record and a member with the whole user id.
    await raw.set(sessionKey(s.id), encodeLegacySession(s), {
      expiration: { type: 'PXAT', value: s.expiresAt },
    });
    const legacy = `${userId}\x1f${s.createdAt.toString(36).padStart(9, '0')}\x1f${s.id.slice(4)}`;
    await raw.zAdd(indexOf(userId), { score: 0, value: legacy });
    expect(await store.get(s.id)).toEqual(s);
    expect(await store.listByUser(userId)).toEqual([s]);
    expect(await store.touch(s.id, s.createdAt + 5, s.expiresAt + 5)).toBe(true);
    expect((await rawBuffers.get(sessionKey(s.id)))![0]).toBe(0x10);
    const touched = { ...s, lastSeenAt: s.createdAt + 5, expiresAt: s.expiresAt + 5 };
    expect(await store.get(s.id)).toEqual(touched);
    expect(await store.updateData(s.id, s.version, '{"n":2}')).toBe('updated');
    expect(await store.get(s.id)).toEqual({ ...touched, version: s.version + 1, data: '{"n":2}' });
    expect((await store.delete(s.id))?.id).toBe(s.id);
    expect(await raw.exists(indexOf(userId))).toBe(0);
  });

  it('stay valid through a session manager (validate, update, revoke)', async () => {
    const manager = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
    const { token, session } = await manager.create({ userId: randomUUID(), data: { n: 1 } });
    const stored = (await store.get(session.id))!;
    await raw.set(sessionKey(session.id), encodeLegacySession(stored), {
      expiration: { type: 'PXAT', value: stored.expiresAt },
    });
    expect((await rawBuffers.get(sessionKey(session.id)))![0]).not.toBeLessThan(0x20);
    expect((await manager.validate<{ n: number }>(token)).session?.data.n).toBe(1);
    expect(await manager.revokeAll(session.userId)).toBe(1);
    expect((await manager.validate(token)).session).toBeNull();
  });
});
