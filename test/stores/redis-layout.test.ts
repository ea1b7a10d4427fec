// The compact Redis layout: times as offsets from createdAt, empty metadata as an empty field,
// fixed-size binary index members (user digest, expiry, id without its tag) that keep a user's
// index a listpack whatever the user id's length. Read back raw from a real Redis, and through the
// store's own scripts (touch, listing order), so a layout slip fails here first.
import { createHash, randomUUID } from 'node:crypto';
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RedisStore } from '../../src/stores/redis/index.js';
import { sampleSession } from '../../src/testing/fixtures.js';
import { routeTag } from '../../src/tokens/route-tag.js';

const url = inject('redis').standalone;
const prefix = `layout:${randomUUID().slice(0, 8)}:`;
const store = await RedisStore.connect({ connection: { url }, prefix });
const raw = createClient({ url });
await raw.connect();
const rawBuffers = raw.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
afterAll(async () => {
  await store.close();
  await raw.quit();
});
/** Index members: 8 bytes of SHA-1(userId), the expiry as 6 bytes big-endian ms, the id without its tag. */
const userDigest = (userId: string): string =>
  createHash('sha1').update(userId).digest().subarray(0, 8).toString('hex');
const decodeMember = (m: Buffer): { user: string; expiresAt: number; id: string } => ({
  user: m.subarray(0, 8).toString('hex'),
  expiresAt: m.readUIntBE(8, 6),
  id: m.subarray(14).toString('latin1'),
});
const sessionKey = (id: string): string => `${prefix}{${id.slice(0, 4)}}s${id.slice(4)}`;

describe('Redis layout', () => {
  it('keeps times as offsets from createdAt, negative ones included, and round-trips them', async () => {
    const createdAt = Date.now();
    const s = sampleSession({
      createdAt,
      lastSeenAt: createdAt,
      expiresAt: createdAt + 1_800_000,
      absoluteExpiresAt: createdAt + 43_200_000,
      // A regenerated session keeps the older sign-in time.
      authTime: createdAt - 90_000,
      meta: {},
    });
    expect(await store.create(s)).toEqual({ created: true, evicted: [] });
    const fields = (await raw.get(sessionKey(s.id)))!.split('\x1f');
    const b36 = (n: number): string => n.toString(36);
    expect(fields.slice(2, 9)).toEqual([
      b36(createdAt),
      '0',
      b36(1_800_000),
      b36(43_200_000),
      '-1xg0',
      '1',
      '',
    ]);
    expect(await store.get(s.id)).toEqual(s);
  });

  it('touch writes offsets the reader turns back into the times it was given', async () => {
    const s = sampleSession();
    await store.create(s);
    expect(await store.touch(s.id, s.createdAt + 123_456, s.createdAt + 2_000_000)).toBe(true);
    const fields = (await raw.get(sessionKey(s.id)))!.split('\x1f');
    expect([fields[3], fields[4]]).toEqual([(123_456).toString(36), (2_000_000).toString(36)]);
    const got = await store.get(s.id);
    expect([got?.lastSeenAt, got?.expiresAt]).toEqual([s.createdAt + 123_456, s.createdAt + 2_000_000]);
    expect(await raw.pExpireTime(sessionKey(s.id))).toBe(s.createdAt + 2_000_000);
  });

  it('lists in creation order from an index kept in expiry order', async () => {
    const userId = `layout-${randomUUID()}`;
    const base = Date.now();
    // Created out of order, and expiring in another order: listing hands them back oldest first.
    const times = [base + 36, base, base + 35];
    const sessions = times.map((t, i) =>
      sampleSession({ userId, createdAt: t, lastSeenAt: t, authTime: t, expiresAt: base + 60_000 - i }),
    );
    for (const s of sessions) await store.create(s);
    const members = await rawBuffers.zRange(`${prefix}{${routeTag(userId)}}:u`, 0, -1);
    const byExpiry = [...sessions].sort((a, b) => a.expiresAt - b.expiresAt);
    expect(members.map(decodeMember)).toEqual(
      byExpiry.map((s) => ({ user: userDigest(userId), expiresAt: s.expiresAt, id: s.id.slice(4) })),
    );
    const oldestFirst = [...sessions].sort((a, b) => a.createdAt - b.createdAt);
    expect((await store.listByUser(userId)).map((s) => s.id)).toEqual(oldestFirst.map((s) => s.id));
    expect(await store.delete(sessions[0]!.id)).not.toBeNull();
    expect(await raw.zCard(`${prefix}{${routeTag(userId)}}:u`)).toBe(2);
  });

  it('keeps a user index a listpack with UUID and 64-character user ids', async () => {
    for (const userId of [randomUUID(), `auth0|${'a'.repeat(58)}`]) {
      for (let i = 0; i < 5; i++) await store.create(sampleSession({ userId }));
      const index = `${prefix}{${routeTag(userId)}}:u`;
      expect(await raw.zCard(index)).toBeGreaterThanOrEqual(5);
      expect(await raw.objectEncoding(index)).toBe('listpack');
      for (const m of await rawBuffers.zRange(index, 0, -1)) expect(m.length).toBe(32);
    }
  });

  it('touch moves the index entry to the new expiry', async () => {
    const s = sampleSession();
    await store.create(s);
    await store.touch(s.id, s.createdAt + 1, s.createdAt + 900_000);
    const members = (await rawBuffers.zRange(`${prefix}{${s.id.slice(0, 4)}}:u`, 0, -1)).map(decodeMember);
    expect(members.filter((m) => m.id === s.id.slice(4))).toEqual([
      { user: userDigest(s.userId), expiresAt: s.createdAt + 900_000, id: s.id.slice(4) },
    ]);
  });
});
