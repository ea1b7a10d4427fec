// Redis memory per session at field conditions: each store fills a Redis server of its own (a fresh
// process, nothing else in it) with 100,000 sessions, 20,000 users × 5, and is charged Redis's own
// used_memory delta, the per-user index included. Bytes, not time: the machine's load does not move it.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './http/processes.ts';

export const TOTAL = 100_000;
export const USERS = TOTAL / 5;

/** User ids as apps have them: short handles, UUIDs, long provider ids (64 characters). */
export const USER_IDS: Record<string, (n: number) => string> = {
  '9 chars (u00000042)': (n) => `u${String(n).padStart(8, '0')}`,
  '36 chars (UUID)': (() => {
    const ids = Array.from({ length: USERS }, () => randomUUID());
    return (n: number) => ids[n]!;
  })(),
  '64 chars (auth0|…)': (n) => `auth0|${String(n).padStart(58, '0')}`,
};

const createdAt = new Date('2026-12-05T15:32:19.000Z').toISOString();
const cart = Array.from({ length: 12 }, (_, i) => ({
  sku: `SKU-${100_000 + i}`,
  qty: 1 + (i % 3),
  price: 1999,
}));
/** Session data: none, a role and a sign-in time (~60 bytes of JSON), a cart (~1 KB). */
export const DATA: Record<string, Record<string, unknown>> = {
  'empty {}': {},
  '~60 B': { role: 'member', createdAt, n: 0 },
  '~1 KB': { role: 'member', createdAt, locale: 'en-GB', cart, note: 'x'.repeat(400) },
};

export interface Redis {
  port: number;
  url: string;
  cli(...args: string[]): string;
  usedMemory(): number;
  stop(): void;
}

/** A fresh, empty redis-server on a free loopback port, with no persistence. */
export async function startRedis(): Promise<Redis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
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
  for (let i = 0; i < 200 && !up(); i++) await new Promise((r) => setTimeout(r, 50));
  const usedMemory = (): number => Number(/used_memory:(\d+)/.exec(cli('INFO', 'memory'))![1]);
  return { port, url: `redis://127.0.0.1:${port}`, cli, usedMemory, stop: () => child.kill('SIGTERM') };
}
