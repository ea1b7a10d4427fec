// Parallel writes to ONE session: N requests over 50 keep-alive connections, all carrying the same
// session cookie, each doing `n + 1`; then the final counter is read back. coatcheck must fail
// none and lose none, in no more wall time than express-session + connect-redis (which loses most
// of its updates: the lost counts of the peers are printed beside it). Then two coatcheck processes
// share the session (25 connections each). Servers on core 0, Redis and this load on core 1.
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { Keyring } from '../dist/index.js';
import { signIn } from './http/measure.ts';
import { startRedis, startServer, stopAll } from './http/processes.ts';
import { sendAll } from './http/raw-load.ts';
import { summarize } from './lib.ts';

const full = process.env.BENCH_MODE === 'full';
const requests = full ? 10_000 : 2_000;
const rounds = full ? 5 : 3;
const connections = 50;
const servers = join(import.meta.dirname, 'servers');

interface Contender {
  name: string;
  server: string;
  env?: Record<string, string>;
  processes?: number;
}
const CC_EXPRESS: Contender = { name: 'coatcheck (Express)', server: 'coatcheck-express.ts' };
const CC_FASTIFY: Contender = { name: 'coatcheck (Fastify)', server: 'coatcheck-fastify.ts' };
const CC_TWO: Contender = {
  name: 'coatcheck (Express), 2 processes',
  server: 'coatcheck-express.ts',
  processes: 2,
};
const ES_REDIS: Contender = { name: 'express-session + connect-redis', server: 'express-session.ts' };
const FS_REDIS: Contender = { name: '@fastify/session + connect-redis', server: 'fastify-session.ts' };
const contenders = [CC_EXPRESS, CC_FASTIFY, CC_TWO, ES_REDIS, FS_REDIS];

interface Round {
  ms: number;
  ok: number;
  failed: number;
  lost: number;
}

// One POST /write on a keep-alive agent; resolves with the status and the body (the new counter).
function write(port: number, cookie: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/write',
        method: 'POST',
        agent,
        headers: { cookie, 'sec-fetch-site': 'same-origin' },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

function rawWrite(cookie: string): string {
  return `POST /write HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nSec-Fetch-Site: same-origin\r\nContent-Length: 0\r\n\r\n`;
}

async function round(ports: number[], cookie: string): Promise<Round> {
  const agent = new Agent({ keepAlive: false });
  // The counter is read by a write of its own (the body is the new value) before and after the
  // round: between the two, the first one's own increment and every acknowledged one must show.
  const before = Number((await write(ports[0]!, cookie, agent)).body) - 1;
  const started = performance.now();
  const loads = await Promise.all(
    ports.map((port) => sendAll(port, rawWrite(cookie), requests / ports.length, connections / ports.length)),
  );
  const ms = performance.now() - started;
  const after = Number((await write(ports[0]!, cookie, agent)).body) - 1;
  let ok = 0;
  let failed = 0;
  for (const { statuses } of loads) {
    for (const [status, count] of statuses) {
      if (status === 200) ok += count;
      else failed += count;
    }
  }
  return { ms, ok, failed, lost: ok + 1 - (after - before) };
}

const redis = await startRedis();
const results = new Map<Contender, Round[]>();
try {
  const started = new Map<Contender, { ports: number[]; cookie: string }>();
  for (const [i, c] of contenders.entries()) {
    const env = {
      REDIS_URL: redis.url,
      KEY_PREFIX: `bench:pw${i}:`,
      COATCHECK_SECRETS: Keyring.generateSecret('k1'),
      ...c.env,
    };
    const ports: number[] = [];
    for (let p = 0; p < (c.processes ?? 1); p++)
      ports.push((await startServer(join(servers, c.server), env)).port);
    started.set(c, { ports, cookie: await signIn(ports[0]!) });
    results.set(c, []);
  }
  // Warm-up, then interleaved rounds.
  for (const c of contenders) await round(started.get(c)!.ports, started.get(c)!.cookie);
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders)
      results.get(c)!.push(await round(started.get(c)!.ports, started.get(c)!.cookie));
  }
} finally {
  stopAll();
}

console.log(
  `\n== Parallel writes to one session: ${requests} requests over ${connections} connections, ${rounds} rounds`,
);
const wall = (c: Contender): number => summarize(results.get(c)!.map((r) => r.ms)).median;
const base = wall(ES_REDIS);
for (const c of contenders) {
  const list = results.get(c)!;
  const sum = (f: (r: Round) => number): number => list.reduce((n, r) => n + f(r), 0);
  const total = list.length * requests;
  console.log(
    `  ${c.name.padEnd(36)} wall ${wall(c).toFixed(0).padStart(6)} ms  ×${(wall(c) / base).toFixed(2)} of express-session` +
      `  failed ${sum((r) => r.failed)}/${total}  lost ${sum((r) => r.lost)}/${sum((r) => r.ok)}`,
  );
}
const failedOf = (c: Contender): number => results.get(c)!.reduce((n, r) => n + r.failed, 0);
const lostOf = (c: Contender): number => results.get(c)!.reduce((n, r) => n + r.lost, 0);
const goals: [string, boolean][] = [
  ['coatcheck Express: 0 failed, 0 lost', failedOf(CC_EXPRESS) === 0 && lostOf(CC_EXPRESS) === 0],
  ['coatcheck Fastify: 0 failed, 0 lost', failedOf(CC_FASTIFY) === 0 && lostOf(CC_FASTIFY) === 0],
  ['coatcheck Express wall time ≤ 1.0× express-session', wall(CC_EXPRESS) <= base],
  ['coatcheck Fastify wall time ≤ 1.0× express-session', wall(CC_FASTIFY) <= base],
  ['2 processes: 0 lost', lostOf(CC_TWO) === 0],
  ['2 processes: failures ≤ 0.1 %', failedOf(CC_TWO) <= 0.001 * rounds * requests],
];
console.log('\n== Targets (parallel writes)');
for (const [goal, met] of goals) console.log(`  ${met ? 'met    ' : 'MISSED '} ${goal}`);
