// The compact Redis layout: a binary record (flags, text head with base-62 times as offsets from
// createdAt, the hash and sealed data as bytes), empty metadata as an empty field,
// fixed-size binary index members (user digest, expiry, id without its tag) that keep a user's
// index a listpack whatever the user id's length. Read back raw from a real Redis, and through the
// store's own scripts (touch, listing order), so a layout slip fails here first.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createClient, RESP_TYPES } from 'redis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createSessionManager } from '../../src/index.js';
import { Keyring } from '../../src/keys/keyring.js';
import { routeTag } from '../../src/session-id/route-tag.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { sampleSession } from '../../src/testing/fixtures.js';

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

/** The record: flags byte, the text head (ended by \x1f each), then the hash and data bytes. */
async function recordOf(id: string): Promise<{ flags: number; head: string[]; tail: Buffer }> {
  const value = (await rawBuffers.get(sessionKey(id)))!;
  const head: string[] = [];
  let at = 1;
  for (let i = 0; i < 8; i++) {
    const end = value.indexOf(0x1f, at);
    head.push(value.toString('utf8', at, end));
    at = end + 1;
  }
  return { flags: value[0]!, head, tail: value.subarray(at) };
}
const b62 = (n: number): string => {
  const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  for (let rest = Math.abs(n); rest > 0; rest = Math.floor(rest / 62)) out = digits[rest % 62] + out;
  return n < 0 ? `-${out}` : out;
};

describe('Redis layout', () => {
  it('keeps times as base-62 offsets from createdAt, zero as nothing, negative ones included', async () => {
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
    const { head } = await recordOf(s.id);
    expect(head).toEqual([
      s.userId,
      b62(createdAt),
      '',
      b62(1_800_000),
      b62(43_200_000),
      b62(-90_000),
      '1',
      '',
    ]);
    expect(head[1]).toHaveLength(7);
    expect(await store.get(s.id)).toEqual(s);
  });

  it.each([
    ['$e3', 0x17],
    ['$e1', 0x13],
  ])(
    'stores the secret hash and a %s sealed value as bytes, and gives back the same text',
    async (envelope, sealedFlags) => {
      const nonce = randomBytes(12).toString('base64url');
      const sealed = `${envelope}.k1.${nonce}.${randomBytes(78).toString('base64url')}`;
      const s = sampleSession({ userId: randomUUID(), data: sealed, meta: {} });
      await store.create(s);
      const { flags, tail } = await recordOf(s.id);
      expect(flags).toBe(sealedFlags);
      // 32 hash bytes, then kid length, kid, 12 nonce bytes, 78 ciphertext bytes: the envelope is a flag.
      expect(tail).toHaveLength(32 + 1 + 2 + 12 + 78);
      expect(tail.subarray(0, 32).toString('base64url')).toBe(s.secretHash);
      expect(await store.get(s.id)).toEqual(s);
      // A UUID user and ~60 bytes of sealed data fit Redis's 192-byte allocation class (≤ 188 bytes).
      expect((await rawBuffers.get(sessionKey(s.id)))!.length).toBeLessThanOrEqual(188);
      // Anything that is not canonical stays text and comes back unchanged.
      for (const data of [
        `${sealed}=`,
        `${envelope}.k1.short.x`,
        '$e2.k1.AAAAAAAAAAAAAAAA.AAAA',
        '{"a":"\u0000é"}',
      ]) {
        expect(await store.updateData(s.id, (await store.get(s.id))!.version, data)).toBe('updated');
        expect((await store.get(s.id))?.data).toBe(data);
        expect((await recordOf(s.id)).flags).toBe(0x11);
      }
      expect(await store.updateData(s.id, (await store.get(s.id))!.version, sealed)).toBe('updated');
      expect((await recordOf(s.id)).flags).toBe(sealedFlags);
      expect((await store.get(s.id))?.data).toBe(sealed);
      // Touch rewrites the record through the scripts' own reader: the flags survive it.
      expect(await store.touch(s.id, s.createdAt + 1, s.createdAt + 900_000)).toBe(true);
      expect((await recordOf(s.id)).flags).toBe(sealedFlags);
      expect((await store.get(s.id))?.data).toBe(sealed);
    },
  );

  it('a session sealed under its own key stays a 192-byte-class value (UUID user, ~60 B of data)', async () => {
    const sessions = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
    const data = { role: 'member', createdAt: Date.now(), n: 0 };
    const { session, token } = await sessions.create({ userId: randomUUID(), data });
    const stored = (await store.get(session.id))!.data;
    expect(stored).toMatch(/^\$e3\.k1\./);
    expect((await recordOf(session.id)).flags).toBe(0x17);
    expect((await rawBuffers.get(sessionKey(session.id)))!.length).toBeLessThanOrEqual(188);
    expect((await sessions.validate(token)).session?.data).toEqual(data);
  });

  it('touch writes offsets the reader turns back into the times it was given', async () => {
    const s = sampleSession();
    await store.create(s);
    expect(await store.touch(s.id, s.createdAt + 123_456, s.createdAt + 2_000_000)).toBe(true);
    const { head } = await recordOf(s.id);
    expect([head[2], head[3]]).toEqual([b62(123_456), b62(2_000_000)]);
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
