// The Redis store against connect-redis on the same Redis in the same run: validate() throughput
// and commands per read, bytes per session, and listing one user's sessions among 100,000.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { createSessionManager, Keyring } from '../dist/index.js';
import { RedisStore } from '../dist/stores/redis/index.js';
import { freePort } from './http/processes.ts';
import { commandNames } from './http/redis-stats.ts';
import { writeStoreResults } from './http/store-results.ts';
import { interleave, printTable } from './lib.ts';

const quick = process.env.BENCH_MODE !== 'full';
const TOTAL = quick ? 100_000 : 100_000;
const payload = { userId: 'alice', role: 'member', theme: 'dark', locale: 'en-GB', n: 0 };
const port = await freePort();
const redisProcess = spawn(
  'redis-server',
  [
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    mkdtempSync(join(tmpdir(), 'cc-bench-')),
  ],
  { stdio: 'ignore' },
);
const cli = (...args: string[]): string =>
  execFileSync('redis-cli', ['-p', String(port), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
const up = (): boolean => {
  try {
    return cli('PING') === 'PONG';
  } catch {
    return false;
  }
};
for (let i = 0; i < 100 && !up(); i++) await new Promise((r) => setTimeout(r, 50));

try {
  const url = `redis://127.0.0.1:${port}`;
  // Batches of 500 creates queue behind each other on a busy machine: a generous bound, not 1 s.
  const store = await RedisStore.connect({ connection: { url }, prefix: 'cc:', commandTimeoutMs: 30_000 });
  const sessions = createSessionManager({
    store,
    secrets: Keyring.generateSecret('k1'),
    encryptData: false,
    maxSessionsPerUser: 0,
  });
  const client = createClient({ url });
  await client.connect();
  const legacy = new ConnectRedisStore({ client, prefix: 'sess:' });
  // connect-redis 9 returns promises from its Store methods.
  const setLegacy = (sid: string, session: unknown): Promise<unknown> =>
    legacy.set(sid, session as never) as unknown as Promise<unknown>;
  const getLegacy = (sid: string): Promise<unknown> => legacy.get(sid) as unknown as Promise<unknown>;
  const cookie = {
    originalMaxAge: 43_200_000,
    expires: new Date(Date.now() + 43_200_000),
    httpOnly: true,
    path: '/',
    sameSite: 'lax',
  };

  // Bytes per session for the same payload.
  const mine = await sessions.create({ userId: 'alice', data: payload });
  await setLegacy('legacy-alice', { cookie, ...payload } as never);
  const ccBytes = Number(
    cli('MEMORY', 'USAGE', `cc:{${mine.session.id.slice(0, 4)}}s${mine.session.id.slice(4)}`),
  );
  const idxBytes = Number(cli('MEMORY', 'USAGE', `cc:{${mine.session.id.slice(0, 4)}}:u`));
  const legacyBytes = Number(cli('MEMORY', 'USAGE', 'sess:legacy-alice'));
  console.log(
    `\nBytes per session (MEMORY USAGE, same 64-byte payload): coatcheck ${ccBytes} + index ${idxBytes} = ${ccBytes + idxBytes}; connect-redis ${legacyBytes}`,
  );

  // Commands per read.
  const before = commandNames(port);
  for (let i = 0; i < 1000; i++) await sessions.validate(mine.token);
  const after = commandNames(port);
  const perRead = [...after]
    .map(([n, c]) => [n, (c - (before.get(n) ?? 0)) / 1000] as const)
    .filter(([, c]) => c > 0);
  console.log(
    `Redis commands per validate() on a fresh session: ${perRead.map(([n, c]) => `${n.toUpperCase()}×${c}`).join(' + ')}`,
  );

  const rows = await interleave(
    {
      'coatcheck RedisStore: validate()': async () => sessions.validate(mine.token),
      'connect-redis: store.get()': async () => getLegacy('legacy-alice'),
    },
    quick ? 5 : 15,
    quick ? 500 : 1500,
  );
  printTable(
    'Read one session from Redis, one client, sequential',
    rows,
    'ops/s',
    'connect-redis: store.get()',
  );

  // TOTAL sessions each (five per user), with real-length express-session ids (24 random bytes,
  // 32 characters); memory per session from Redis's own used_memory. Each store is measured alone
  // in an emptied Redis, so neither is charged for the other's keys (a hash table that doubles
  // while the second one is written would be charged to it) and SCAN walks only its own keys.
  const usedMemory = (): number => Number(/used_memory:(\d+)/.exec(cli('INFO', 'memory'))![1]);
  const userOf = (n: number): string => `user${n % (TOTAL / 5)}`;
  cli('FLUSHALL', 'SYNC');
  let mark = usedMemory();
  for (let i = 0; i < TOTAL; i += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, j) =>
        setLegacy(randomBytes(24).toString('base64url'), { cookie, ...payload, userId: userOf(i + j) }),
      ),
    );
  }
  const legacyPerSession = (usedMemory() - mark) / TOTAL;
  let t = performance.now();
  let found = 0;
  for await (const keys of client.scanIterator({ MATCH: 'sess:*', COUNT: 1000 })) {
    const values = await client.mGet(keys);
    for (const v of values) if (v && (JSON.parse(v) as { userId?: string }).userId === 'user42') found++;
  }
  const scanList = performance.now() - t;
  cli('FLUSHALL', 'SYNC');
  mark = usedMemory();
  for (let i = 0; i < TOTAL; i += 500) {
    await Promise.all(
      Array.from({ length: 500 }, (_, j) => sessions.create({ userId: userOf(i + j), data: payload })),
    );
  }
  const ccPerSession = (usedMemory() - mark) / TOTAL;
  t = performance.now();
  const listed = await sessions.list('user42');
  const ccList = performance.now() - t;
  console.log(
    `Memory per session at ${TOTAL.toLocaleString('en')} sessions, each store alone (used_memory delta): coatcheck ${ccPerSession.toFixed(0)} bytes incl. the per-user index; connect-redis ${legacyPerSession.toFixed(0)} bytes`,
  );
  console.log(
    `List one user's sessions among ${TOTAL.toLocaleString('en')}: coatcheck ${ccList.toFixed(2)} ms (${listed.length} found); SCAN + MGET ${scanList.toFixed(0)} ms (${found} found) — ×${(scanList / ccList).toFixed(0)}`,
  );
  writeStoreResults({
    total: TOTAL,
    bytesPerSession: { coatcheck: ccPerSession, connectRedis: legacyPerSession },
    memoryUsage: { record: ccBytes, index: idxBytes, connectRedis: legacyBytes },
    commandsPerRead: perRead.map(([n, c]) => `${n.toUpperCase()}×${c}`).join(' + '),
    listMs: { coatcheck: ccList, scan: scanList },
    validatePerSecond: {
      coatcheck: rows['coatcheck RedisStore: validate()']!.median,
      connectRedis: rows['connect-redis: store.get()']!.median,
    },
  });
  await store.close();
  await client.quit();
} finally {
  redisProcess.kill('SIGTERM');
}
