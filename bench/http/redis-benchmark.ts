// The Redis ceiling: `redis-benchmark` GET with as many connections as wrk uses, from the server
// core (where a Node server would send its commands). Redis's CPU per GET from its own /proc stat.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Sample } from './measure.ts';
import { cpuSeconds, SERVER_CPU } from './processes.ts';

const run = promisify(execFile);
let lastRps = 10_000;

export async function redisBenchmarkGet(
  redis: { port: number; pid: number },
  seconds: number,
  connections: number,
): Promise<Sample> {
  // redis-benchmark counts requests, not seconds: size each round from the rate the previous one
  // reached, so a round lasts about `seconds` however busy the machine is.
  const requests = String(Math.round(Math.min(2_000_000, Math.max(10_000, lastRps * seconds))));
  // Without -r, the GET test reads this one key: give it the 64 bytes a session read returns.
  await run('redis-cli', ['-p', String(redis.port), 'SET', 'key:__rand_int__', 'x'.repeat(64)]);
  const cpuBefore = cpuSeconds(redis.pid);
  const args = ['-c', SERVER_CPU, 'redis-benchmark', '-p', String(redis.port), '-t', 'get'];
  args.push('-c', String(connections), '-n', requests, '--csv');
  const { stdout } = await run('taskset', args, { maxBuffer: 1 << 20 });
  const cpu = cpuSeconds(redis.pid) - cpuBefore;
  // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  const row = stdout
    .split('\n')
    .find((line) => line.startsWith('"GET"'))
    ?.split(',')
    .map((cell) => cell.replaceAll('"', ''));
  if (!row) throw new Error(`unexpected redis-benchmark output:\n${stdout}`);
  lastRps = Number(row[1]);
  return {
    rps: Number(row[1]),
    p50ms: Number(row[4]),
    p99ms: Number(row[6]),
    cpuUsPerRequest: (cpu * 1e6) / Number(requests),
    redisCallsPerRequest: 1,
    redisBytesPerRequest: 0,
    errors: 0,
    commands: 'GET×1.00',
  };
}
