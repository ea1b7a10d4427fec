// The compact Redis layout: times as offsets from createdAt, empty metadata as an empty field,
// index members with a 9-character base-36 creation time and the id without its tag. Read back raw from a real Redis, and
// through the store's own scripts (touch, listing order), so a layout slip fails here first.
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { routeTag } from '../../src/session-id/route-tag.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { sampleSession } from '../../src/testing/fixtures.js';

const url = inject('redis').standalone;
const prefix = `layout:${randomUUID().slice(0, 8)}:`;
const store = await RedisStore.connect({ connection: { url }, prefix });
const raw = createClient({ url });
await raw.connect();
afterAll(async () => {
  await store.close();
  await raw.quit();
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

  it('indexes by a padded base-36 creation time, so listing stays in creation order', async () => {
    const userId = `layout-${randomUUID()}`;
    const base = Date.now();
    // Inserted out of order; the index must hand them back oldest first.
    const times = [base + 36, base, base + 35];
    const sessions = times.map((t) => sampleSession({ userId, createdAt: t, lastSeenAt: t, authTime: t }));
    for (const s of sessions) await store.create(s);
    const members = await raw.zRange(`${prefix}{${routeTag(userId)}}:u`, 0, -1);
    const oldestFirst = [...sessions].sort((a, b) => a.createdAt - b.createdAt);
    // user, padded base-36 time, id without the tag the index key already carries
    expect(members).toEqual(
      oldestFirst.map((s) => `${userId}\x1f${s.createdAt.toString(36).padStart(9, '0')}\x1f${s.id.slice(4)}`),
    );
    expect((await store.listByUser(userId)).map((s) => s.id)).toEqual(oldestFirst.map((s) => s.id));
    expect(await store.delete(sessions[0]!.id)).not.toBeNull();
    expect(await raw.zCard(`${prefix}{${routeTag(userId)}}:u`)).toBe(2);
  });
});
