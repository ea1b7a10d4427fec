// What a sign-in's metadata costs in Redis: the headline settings (UUID users, ~60 B of data,
// sealed) with the IP and a real User-Agent, with and without the device name, and under the
// privacy options. Bytes per session (used_memory delta, each row in a fresh Redis), and one
// record's value length and MEMORY USAGE. Bytes, not time: the machine's load does not move them.
// Run: npm run build && node bench/redis-device-bytes.ts   (SESSIONS=100000 for the bench's size)
import { createSessionManager, Keyring, type PrivacyOptions } from '../dist/index.js';
import { RedisStore } from '../dist/stores/redis/index.js';
import { type FillRequest, fillCoatcheck } from './redis-fills.ts';
import { DATA, startRedis, USER_IDS } from './redis-memory.ts';

const total = Number(process.env.SESSIONS ?? 20_000);
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const context = { ip: '203.0.113.77', userAgent: CHROME_MAC };
const data = DATA['~60 B']!;
const userId = USER_IDS['36 chars (UUID)']!;

const rows: [string, FillRequest][] = [
  ['no metadata (the bench headline)', {}],
  ['IP + User-Agent, no device name (before)', { context, privacy: { deviceName: false } }],
  ['IP + User-Agent + device name (default)', { context }],
  ['IP + device name, no User-Agent', { context, privacy: { userAgent: false } }],
  ['truncated IP + device name, no User-Agent', { context, privacy: { ip: 'truncated', userAgent: false } }],
  ['hashed IP + device name, no User-Agent', { context, privacy: { ip: 'hashed', userAgent: false } }],
];

/** One record's value length and MEMORY USAGE, in a fresh Redis. */
async function oneRecord(privacy: PrivacyOptions | undefined, ctx: FillRequest['context']) {
  const redis = await startRedis();
  try {
    const store = await RedisStore.connect({ connection: { url: redis.url } });
    const sessions = createSessionManager({ store, secrets: Keyring.generateSecret('k1'), privacy });
    const { session } = await sessions.create({ userId: userId(0), data }, ctx ?? {});
    const key = `cc:{${session.id.slice(0, 4)}}s${session.id.slice(4)}`; // RedisKeys.session
    const value = Number(redis.cli('STRLEN', key));
    const usage = Number(redis.cli('MEMORY', 'USAGE', key));
    await store.close();
    return { value, usage, device: session.meta.device ?? '-' };
  } finally {
    redis.stop();
  }
}

const table: string[][] = [];
for (const [name, request] of rows) {
  const fill = await fillCoatcheck(userId, data, true, { ...request, total });
  const one = await oneRecord(request.privacy, request.context);
  table.push([name, fill.bytesPerSession.toFixed(0), String(one.value), String(one.usage), one.device]);
}
console.log(
  `\nRedis bytes per session at ${total.toLocaleString('en')} sessions (users × 5), UUID ids, ~60 B sealed data:`,
);
const header = ['metadata', 'bytes/session', 'record value', 'MEMORY USAGE', 'device'];
for (const row of [header, ...table]) console.log(`| ${row.join(' | ')} |`);
