// Filling a fresh Redis with 100,000 sessions of one store, and what it costs: bytes (used_memory
// delta), the encoding of coatcheck's index keys, and listing one user's sessions.
import { randomBytes } from 'node:crypto';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { createSessionManager, Keyring, type PrivacyOptions } from '../dist/index.js';
import { RedisStore } from '../dist/stores/redis/index.js';
import { type Redis, startRedis, TOTAL, USERS } from './redis-memory.ts';

function evalStats(redis: Redis): { calls: number; usec: number } {
  const m = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(redis.cli('INFO', 'commandstats'));
  return { calls: Number(m?.[1] ?? 0), usec: Number(m?.[2] ?? 0) };
}

export interface CoatcheckFill {
  bytesPerSession: number;
  /** OBJECT ENCODING of every per-user index key, counted. */
  indexEncodings: Record<string, number>;
  /** Listing one user's sessions among TOTAL: median of 50, in ms. */
  listMs: number;
  /** A PING in the same loop: the round-trip floor on this machine at that moment. */
  pingMs: number;
  /** The listing script's own time inside Redis (INFO commandstats), in ms. */
  listInRedisMs: number;
}

/** What a sign-in request brings (IP, User-Agent), the privacy options, and how many sessions. */
export interface FillRequest {
  context?: { ip?: string; userAgent?: string };
  privacy?: PrivacyOptions;
  total?: number;
}

/** coatcheck at its defaults (data sealed, at most 100 sessions per user), unless `encryptData` is off. */
export async function fillCoatcheck(
  userId: (n: number) => string,
  data: Record<string, unknown>,
  encryptData = true,
  request: FillRequest = {},
): Promise<CoatcheckFill> {
  const redis = await startRedis();
  const total = request.total ?? TOTAL;
  const users = total / 5;
  try {
    const store = await RedisStore.connect({ connection: { url: redis.url }, commandTimeoutMs: 30_000 });
    const secrets = Keyring.generateSecret('k1');
    const sessions = createSessionManager({ store, secrets, encryptData, privacy: request.privacy });
    const mark = redis.usedMemory();
    for (let i = 0; i < total; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          sessions.create({ userId: userId((i + j) % users), data }, request.context ?? {}),
        ),
      );
    }
    const bytesPerSession = (redis.usedMemory() - mark) / total;
    const client = createClient({ url: redis.url });
    await client.connect();
    const indexEncodings: Record<string, number> = {};
    for await (const keys of client.scanIterator({ MATCH: 'cc:{*}:u', COUNT: 1000 })) {
      for (const encoding of await Promise.all(keys.map((k) => client.objectEncoding(k)))) {
        indexEncodings[String(encoding)] = (indexEncodings[String(encoding)] ?? 0) + 1;
      }
    }
    await sessions.list(userId(42));
    // Wall time on a loaded machine is mostly waiting for a core: a PING in the same loop shows
    // the floor, and Redis's own accounting the time the listing script ran inside Redis.
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const list: number[] = [];
    const ping: number[] = [];
    const before = evalStats(redis);
    for (let i = 0; i < 50; i++) {
      let t = performance.now();
      await sessions.list(userId(42));
      list.push(performance.now() - t);
      t = performance.now();
      await client.ping();
      ping.push(performance.now() - t);
    }
    const after = evalStats(redis);
    await client.quit();
    await store.close();
    return {
      bytesPerSession,
      indexEncodings,
      listMs: median(list),
      pingMs: median(ping),
      listInRedisMs: (after.usec - before.usec) / (after.calls - before.calls) / 1000,
    };
  } finally {
    redis.stop();
  }
}

/**
 * express-session's record in connect-redis: its cookie object, the user id, the same data. With
 * `scanFor`, also times finding that user's sessions the only way it can: SCAN + MGET.
 */
export async function fillConnectRedis(
  userId: (n: number) => string,
  data: Record<string, unknown>,
  scanFor?: string,
): Promise<{ bytesPerSession: number; scanMs: number | null }> {
  const redis = await startRedis();
  try {
    const client = createClient({ url: redis.url });
    await client.connect();
    const legacy = new ConnectRedisStore({ client, prefix: 'sess:' });
    const cookie = {
      originalMaxAge: 43_200_000,
      expires: new Date(Date.now() + 43_200_000),
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
    };
    const mark = redis.usedMemory();
    for (let i = 0; i < TOTAL; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          // connect-redis 9 returns promises from its Store methods; ids as express-session makes them.
          legacy.set(randomBytes(24).toString('base64url'), {
            cookie,
            userId: userId((i + j) % USERS),
            ...data,
          } as never),
        ),
      );
    }
    const bytesPerSession = (redis.usedMemory() - mark) / TOTAL;
    let scanMs: number | null = null;
    if (scanFor) {
      const t = performance.now();
      for await (const keys of client.scanIterator({ MATCH: 'sess:*', COUNT: 1000 })) {
        for (const v of await client.mGet(keys))
          if (v) (JSON.parse(v) as { userId?: string }).userId === scanFor;
      }
      scanMs = performance.now() - t;
    }
    await client.quit();
    return { bytesPerSession, scanMs };
  } finally {
    redis.stop();
  }
}
