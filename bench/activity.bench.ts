// The activity log on Redis: what it costs sign-in, sign-out and revoke, and what it weighs.
// Round trips (commands a client sent) and commands Redis ran inside scripts are counted from
// MONITOR on a Redis of our own, with the log off and on in the same run; then MEMORY USAGE of
// one user's log at 100 entries and of a session record with and without a device name.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createSessionManager, Keyring } from '../dist/index.js';
import { RedisStore } from '../dist/stores/redis/index.js';
import { startRedis } from './redis-memory.ts';

const ROUNDS = 50;
const redis = await startRedis();
const monitor: ChildProcess = spawn('redis-cli', ['-p', String(redis.port), 'MONITOR']);
// A failed run must not leave its Redis and MONITOR behind.
process.on('exit', () => {
  monitor.kill('SIGTERM');
  redis.stop();
});
let log = '';
monitor.stdout!.on('data', (chunk: Buffer) => {
  log += chunk.toString('utf8');
});
await new Promise((r) => setTimeout(r, 300));

const mark = (label: string): void => void redis.cli('ECHO', `mark:${label}`);
const ctx = { ip: '198.51.100.23', userAgent: 'Mozilla/5.0 (Macintosh) Chrome/156.0' };
const meta = { device: 'Chrome 156 on macOS' };

async function phase(activity: boolean): Promise<void> {
  const store = await RedisStore.connect({ connection: { url: redis.url }, prefix: `b${Number(activity)}:` });
  const sessions = createSessionManager({
    store,
    secrets: Keyring.generateSecret('k1'),
    ...(activity ? {} : { activity: false }),
  });
  const tag = activity ? 'on' : 'off';
  for (let i = 0; i < ROUNDS; i++) {
    const userId = randomUUID();
    const end = (): void => mark(`${tag}:end`);
    const warm = await sessions.login({ userId, meta }, null, ctx); // the user has history
    mark(`${tag}:sign-in`);
    const signedIn = await sessions.login({ userId, meta }, null, ctx);
    end();
    mark(`${tag}:validate`);
    await sessions.validate(signedIn.token, ctx);
    end();
    mark(`${tag}:sign-out`);
    await sessions.logout(warm.token, ctx);
    end();
    const other = await sessions.create({ userId, meta }, ctx);
    mark(`${tag}:revoke`);
    await sessions.revoke(other.session.id, { userId });
    end();
    await sessions.create({ userId, meta }, ctx);
    mark(`${tag}:revoke-others`);
    await sessions.revokeAll(userId, { except: signedIn.session.id });
    end();
  }
  await store.close();
}

await phase(false);
await phase(true);
await new Promise((r) => setTimeout(r, 500));

// Split the MONITOR log at the marks: lines from a client are round trips, `[0 lua]` lines ran in scripts.
const counts = new Map<string, { trips: number; inner: number; names: Map<string, number> }>();
let current: string | null = null;
for (const line of log.split('\n')) {
  const marked = /"ECHO" "mark:([^"]+)"/.exec(line);
  if (marked) {
    current = marked[1]!.endsWith(':end') ? null : marked[1]!;
    continue;
  }
  const cmd = /\[\d+ ([^\]]+)\] "(\w+)"/.exec(line);
  if (!current || !cmd) continue;
  const c = counts.get(current) ?? { trips: 0, inner: 0, names: new Map() };
  if (cmd[1] === 'lua') c.inner++;
  else c.trips++;
  const name = cmd[1] === 'lua' ? cmd[2]!.toLowerCase() : cmd[2]!.toUpperCase();
  c.names.set(name, (c.names.get(name) ?? 0) + 1);
  counts.set(current, c);
}
console.log('Redis commands per operation (MONITOR, %d rounds each; log off vs on, same run)', ROUNDS);
console.log('operation      | round trips off → on | commands in scripts off → on | on: what ran');
for (const op of ['sign-in', 'validate', 'sign-out', 'revoke', 'revoke-others']) {
  const off = counts.get(`off:${op}`);
  const on = counts.get(`on:${op}`);
  const per = (n: number | undefined): string => ((n ?? 0) / ROUNDS).toFixed(2);
  const names = [...(on?.names ?? [])].map(([n, c]) => `${n}×${(c / ROUNDS).toFixed(1)}`).join(' ');
  console.log(
    `${op.padEnd(14)} | ${per(off?.trips)} → ${per(on?.trips)}`.padEnd(38),
    `| ${per(off?.inner)} → ${per(on?.inner)}`.padEnd(31),
    `| ${names}`,
  );
}
monitor.kill('SIGTERM');

// Redis CPU of the sign-in script for a user whose log is full (the new-device check reads it
// all): usec per EVALSHA from INFO commandstats, log off and on, alternating rounds.
async function signInCost(activity: boolean): Promise<number> {
  const store = await RedisStore.connect({ connection: { url: redis.url }, prefix: `c${Number(activity)}:` });
  const sessions = createSessionManager({
    store,
    secrets: Keyring.generateSecret('k1'),
    maxSessionsPerUser: 0,
    ...(activity ? {} : { activity: false }),
  });
  const userId = randomUUID();
  for (let i = 0; i < 100; i++) await sessions.login({ userId, meta }, null, ctx);
  redis.cli('CONFIG', 'RESETSTAT');
  for (let i = 0; i < 300; i++) await sessions.login({ userId, meta }, null, ctx);
  const stats = redis.cli('INFO', 'commandstats');
  await store.close();
  return Number(/cmdstat_evalsha:calls=\d+,usec=\d+,usec_per_call=([\d.]+)/.exec(stats)?.[1] ?? Number.NaN);
}
const costs: { off: number[]; on: number[] } = { off: [], on: [] };
for (let round = 0; round < 5; round++) {
  costs.off.push(await signInCost(false));
  costs.on.push(await signInCost(true));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `\nsign-in script, user with a full log: ${median(costs.off).toFixed(1)} µs of Redis CPU off, ${median(costs.on).toFixed(1)} µs on (median of 5 alternating rounds of 300)`,
);

// Memory: one UUID user's log at its bound of 100 entries (sign-ins and sign-outs, with device
// name and IPv4), and a session record with and without a device name.
const store = await RedisStore.connect({ connection: { url: redis.url }, prefix: 'cc:' });
const sessions = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
const userId = randomUUID();
for (let i = 0; i < 60; i++) {
  const s = await sessions.login({ userId, meta }, null, ctx);
  await sessions.logout(s.token, ctx);
}
const entries = (await sessions.activity(userId, { limit: 100 })).entries.length;
const logKey = `cc:{${(await sessions.create({ userId, meta }, ctx)).session.id.slice(0, 4)}}a${userId}`;
const logBytes = Number(redis.cli('MEMORY', 'USAGE', logKey, 'SAMPLES', '0'));
const withDevice = await sessions.create({ userId: randomUUID(), meta }, ctx);
const without = await sessions.create({ userId: randomUUID() }, ctx);
const keyOf = (id: string): string => `cc:{${id.slice(0, 4)}}s${id.slice(4)}`;
const bytes = (id: string): number => Number(redis.cli('MEMORY', 'USAGE', keyOf(id), 'SAMPLES', '0'));
console.log(
  `\nactivity log of one user (UUID id) at ${entries} entries: ${logBytes} bytes (${(logBytes / entries).toFixed(0)} B/entry), encoding ${redis.cli('OBJECT', 'ENCODING', logKey)}`,
);
console.log(
  `session record: ${bytes(without.session.id)} B without a device name, ${bytes(withDevice.session.id)} B with "${meta.device}"`,
);
await store.close();
redis.stop();
