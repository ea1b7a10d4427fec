// HTTP benchmarks: coatcheck and its peers doing the same work on the same machine, in the same
// run, interleaved round by round; medians with min–max and ratios. Server on core 0; wrk and
// Redis on core 1. BENCH_MODE=full for longer rounds; BENCH_ONLY=<group>[,<group>…] for some groups.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { checkGoals, goalLine } from './http/goals.ts';
import type { Sample } from './http/measure.ts';
import { LOAD_CPU, startRedis, stopAll } from './http/processes.ts';
import { type ContenderResult, type GroupResult, writeReport } from './http/report.ts';
import { SCENARIOS } from './http/scenarios.ts';
import { readStoreResults } from './http/store-results.ts';
import { createTargets } from './http/targets.ts';
import { summarize } from './lib.ts';

const full = process.env.BENCH_MODE === 'full';
// Quick mode stays under five minutes for every group together; full mode under thirty.
const rounds = full ? 5 : 3;
const seconds = full ? 7 : 2;
const warmup = full ? 2 : 1;
// Unmeasured load right before each measured round: the contenders take turns, so without it a
// round would open on a server that idled through the others' turns (V8 shrinks an idle heap and
// its first second under load again is spent regrowing it), and p99 would measure that wake-up.
const preroll = 1;
const connections = 50;

// This process (it reads the servers' output and runs the rounds) stays off the server's core too.
execFileSync('taskset', ['-a', '-p', '-c', LOAD_CPU, String(process.pid)], { stdio: 'ignore' });
const redis = await startRedis();
const sample = createTargets(redis, connections);

const groups: GroupResult[] = [];
try {
  for (const scenario of SCENARIOS) {
    if (process.env.BENCH_ONLY && !process.env.BENCH_ONLY.split(',').includes(scenario.group)) continue;
    console.log(`\n== ${scenario.title}`);
    const samples = new Map<string, Sample[]>();
    for (const c of scenario.contenders) {
      await sample(c, scenario, warmup);
      samples.set(c.name, []);
    }
    for (let round = 0; round < rounds; round++) {
      for (const c of scenario.contenders) {
        await sample(c, scenario, preroll);
        samples.get(c.name)!.push(await sample(c, scenario, seconds));
      }
    }
    const results: ContenderResult[] = scenario.contenders.map((c) => {
      const list = samples.get(c.name)!;
      const median = (f: (s: Sample) => number): number => summarize(list.map(f)).median;
      return {
        name: c.name,
        rps: summarize(list.map((s) => s.rps)),
        p50ms: median((s) => s.p50ms),
        p99ms: summarize(list.map((s) => s.p99ms)),
        cpuUsPerRequest: median((s) => s.cpuUsPerRequest),
        redisCallsPerRequest: c.redis ? median((s) => s.redisCallsPerRequest) : 0,
        redisBytesPerRequest: c.redis ? median((s) => s.redisBytesPerRequest) : 0,
        commands: c.redis ? list.at(-1)!.commands : '',
        errors: list.reduce((n, s) => n + s.errors, 0),
        ratio: 0,
      };
    });
    const base = results.find((r) => r.name === scenario.baseline)!.rps.median;
    for (const r of results) {
      r.ratio = r.rps.median / base;
      console.log(
        `  ${r.name.padEnd(46)} ${Math.round(r.rps.median).toLocaleString('en').padStart(8)} req/s (${Math.round(r.rps.min)}–${Math.round(r.rps.max)})  ×${r.ratio.toFixed(2)}  p99 ${r.p99ms.median.toFixed(2)} ms  cpu ${r.cpuUsPerRequest.toFixed(1)} µs/req  redis ${r.redisCallsPerRequest.toFixed(2)} cmd/req ${r.commands}${r.errors ? `  errors ${r.errors}` : ''}`,
      );
    }
    groups.push({
      group: scenario.group,
      title: scenario.title,
      baseline: scenario.baseline,
      contenders: results,
    });
  }
} finally {
  stopAll();
}

const outDir = join(import.meta.dirname, 'results');
const version = (name: string): string =>
  `${name} ${(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`;
const redisVersion = /v=([\d.]+)/.exec(
  execFileSync('redis-server', ['--version'], { encoding: 'utf8' }),
)?.[1];
const peers = [
  'express',
  'fastify',
  'express-session',
  '@fastify/session',
  'connect-redis',
  'redis',
  'iron-session',
];
const store = readStoreResults();
const goals = checkGoals(groups, store);
console.log('\n== Targets');
for (const g of goals) console.log(`  ${goalLine(g)}`);
writeReport(
  {
    date: new Date().toISOString(),
    node: process.version,
    versions: [`Redis ${redisVersion}`, ...peers.map(version)].join(', '),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    mode: full ? 'full' : 'quick',
    method: `wrk, ${connections} connections, keep-alive, ${rounds} interleaved rounds of ${seconds} s per contender, each after ${preroll} s of unmeasured load; server pinned to core 0, wrk and Redis to core 1.`,
    groups,
    store,
    goals,
  },
  join(outDir, 'http.json'),
  join(outDir, 'http.html'),
);
console.log(`\nReport: ${join(outDir, 'http.html')}`);
