// The Redis store against connect-redis, at the settings a user gets: coatcheck's defaults (data
// sealed, at most 100 sessions per user), UUID user ids, realistic data. Bytes per session over
// user-id lengths and data sizes, each store alone in a Redis of its own; the encoding of the
// per-user index keys; listing one user's sessions among 100,000; reads and commands per read.
import { randomUUID } from 'node:crypto';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { createSessionManager, Keyring } from '../dist/index.js';
import { RedisStore } from '../dist/stores/redis/index.js';
import { commandNames } from './http/redis-stats.ts';
import { type MemoryRow, writeStoreResults } from './http/store-results.ts';
import { interleave, printTable } from './lib.ts';
import { fillCoatcheck, fillConnectRedis } from './redis-fills.ts';
import { DATA, startRedis, TOTAL, USER_IDS } from './redis-memory.ts';

const quick = process.env.BENCH_MODE !== 'full';
const HEADLINE = { userIds: '36 chars (UUID)', data: '~60 B' };

// One session of each, at the headline settings, in one Redis: MEMORY USAGE, commands, reads.
const redis = await startRedis();
let single: {
  record: number;
  index: number;
  connectRedis: number;
  perRead: string;
  rows: Awaited<ReturnType<typeof interleave>>;
};
try {
  const store = await RedisStore.connect({ connection: { url: redis.url } });
  const sessions = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
  const client = createClient({ url: redis.url });
  await client.connect();
  const legacy = new ConnectRedisStore({ client, prefix: 'sess:' });
  const userId = randomUUID();
  const data = DATA[HEADLINE.data]!;
  const cookie = {
    originalMaxAge: 43_200_000,
    expires: new Date(Date.now() + 43_200_000),
    httpOnly: true,
    path: '/',
    sameSite: 'lax',
  };
  let mine = await sessions.create({ userId, data });
  for (let i = 0; i < 4; i++) mine = await sessions.create({ userId, data });
  await (legacy.set('legacy-session', { cookie, userId, ...data } as never) as unknown as Promise<unknown>);
  const id = mine.session.id;
  const before = commandNames(redis.port);
  for (let i = 0; i < 1000; i++) await sessions.validate(mine.token);
  const after = commandNames(redis.port);
  const perRead = [...after]
    .map(([n, c]) => [n, (c - (before.get(n) ?? 0)) / 1000] as const)
    .filter(([, c]) => c > 0)
    .map(([n, c]) => `${n.toUpperCase()}×${c}`)
    .join(' + ');
  const rows = await interleave(
    {
      'coatcheck RedisStore: validate()': async () => sessions.validate(mine.token),
      'connect-redis: store.get()': async () => legacy.get('legacy-session') as unknown as Promise<unknown>,
    },
    quick ? 5 : 15,
    quick ? 500 : 1500,
  );
  single = {
    record: Number(redis.cli('MEMORY', 'USAGE', `cc:{${id.slice(0, 4)}}s${id.slice(4)}`)),
    index: Number(redis.cli('MEMORY', 'USAGE', `cc:{${id.slice(0, 4)}}:u`)),
    connectRedis: Number(redis.cli('MEMORY', 'USAGE', 'sess:legacy-session')),
    perRead,
    rows,
  };
  await store.close();
  await client.quit();
} finally {
  redis.stop();
}
console.log(
  `\nMEMORY USAGE at defaults, UUID user, ${HEADLINE.data} data: coatcheck record ${single.record} + index ${single.index} (5 sessions); connect-redis ${single.connectRedis}`,
);
console.log(`Redis commands per validate() on a fresh session: ${single.perRead}`);
printTable(
  'Read one session from Redis, one client, sequential',
  single.rows,
  'ops/s',
  'connect-redis: store.get()',
);

// Bytes per session over the table, each store alone in a fresh Redis.
console.log(
  `\nBytes per session at ${TOTAL.toLocaleString('en')} sessions (20,000 users × 5), each store alone in a fresh Redis (used_memory delta):`,
);
console.log('  user ids            data      coatcheck  connect-redis  ratio  index keys');
const table: MemoryRow[] = [];
let list = { coatcheck: 0, ping: 0, inRedis: 0, scan: 0 };
for (const [idLabel, userId] of Object.entries(USER_IDS)) {
  for (const [dataLabel, data] of Object.entries(DATA)) {
    const headline = idLabel === HEADLINE.userIds && dataLabel === HEADLINE.data;
    const theirs = await fillConnectRedis(userId, data, headline ? userId(42) : undefined);
    const ours = await fillCoatcheck(userId, data);
    if (headline)
      list = { coatcheck: ours.listMs, ping: ours.pingMs, inRedis: ours.listInRedisMs, scan: theirs.scanMs! };
    const row: MemoryRow = {
      userIds: idLabel,
      data: dataLabel,
      coatcheck: ours.bytesPerSession,
      connectRedis: theirs.bytesPerSession,
      indexEncodings: ours.indexEncodings,
    };
    table.push(row);
    const encodings = Object.entries(row.indexEncodings)
      .map(([e, n]) => `${e} ${n}`)
      .join(', ');
    console.log(
      `  ${idLabel.padEnd(19)} ${dataLabel.padEnd(9)} ${row.coatcheck.toFixed(0).padStart(9)}  ${row.connectRedis.toFixed(0).padStart(13)}  ×${(row.coatcheck / row.connectRedis).toFixed(2)}  ${encodings}`,
    );
  }
}
const plain = await fillCoatcheck(USER_IDS[HEADLINE.userIds]!, DATA[HEADLINE.data]!, false);
console.log(`  (coatcheck with encryptData: false, UUID, ~60 B: ${plain.bytesPerSession.toFixed(0)})`);
const head = table.find((r) => r.userIds === HEADLINE.userIds && r.data === HEADLINE.data)!;
console.log(
  `List one user's sessions among ${TOTAL.toLocaleString('en')} (UUID ids, defaults): coatcheck ${list.coatcheck.toFixed(2)} ms (median of 50; a PING in the same loop ${list.ping.toFixed(2)} ms; the script inside Redis ${list.inRedis.toFixed(3)} ms); connect-redis SCAN + MGET ${list.scan.toFixed(0)} ms`,
);
writeStoreResults({
  total: TOTAL,
  settings: 'coatcheck defaults (data sealed, at most 100 sessions per user), UUID user ids, ~60 B of data',
  bytesPerSession: { coatcheck: head.coatcheck, connectRedis: head.connectRedis },
  table,
  plainBytesPerSession: plain.bytesPerSession,
  memoryUsage: { record: single.record, index: single.index, connectRedis: single.connectRedis },
  commandsPerRead: single.perRead,
  listMs: list,
  validatePerSecond: {
    coatcheck: single.rows['coatcheck RedisStore: validate()']!.median,
    connectRedis: single.rows['connect-redis: store.get()']!.median,
  },
});
