// Migration at scale: `coatcheck migrate legacy` importing 100,000 connect-redis sessions, and
// `coatcheck migrate --from sqlite: --to redis://` copying 100,000 coatcheck sessions. Each runs
// the real CLI as a child process once; wall time, sessions/s and the CLI's peak RSS are reported.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { createSessionManager, Keyring } from '../dist/index.js';
import { SqliteStore } from '../dist/stores/sqlite/index.js';
import { startRedis, stopAll } from './http/processes.ts';

const TOTAL = Number(process.env.BENCH_MIGRATE_SESSIONS ?? 100_000);
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-bench-migrate-'));
const env = { ...process.env, NODE_ENV: 'test', COATCHECK_SECRETS: Keyring.generateSecret('k1') };

async function cli(args: string[]): Promise<{ wall: number; report: Record<string, number> }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['dist/cli/main.js', ...args, '--data-dir', dir, '--json'], {
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { wall: (performance.now() - started) / 1000, report: JSON.parse(stdout) as Record<string, number> };
}

function line(title: string, count: number, r: { wall: number; report: Record<string, number> }): void {
  console.log(
    `${title}: ${count.toLocaleString('en')} sessions in ${r.wall.toFixed(1)} s wall (CLI's own ${r.report.seconds} s), ${Math.round(count / r.wall).toLocaleString('en')} sessions/s, peak RSS ${r.report.peakRssMb} MB`,
  );
}

const redis = await startRedis();
try {
  const client = createClient({ url: redis.url });
  await client.connect();
  const legacy = new ConnectRedisStore({ client, prefix: 'sess:' });
  const cookie = {
    originalMaxAge: 86_400_000,
    expires: new Date(Date.now() + 86_400_000),
    httpOnly: true,
    path: '/',
  };
  for (let i = 0; i < TOTAL; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, TOTAL - i) }, (_, j) =>
        legacy.set(randomBytes(24).toString('base64url'), {
          cookie,
          userId: `user${(i + j) % 20_000}`,
          cart: [i + j],
          theme: 'dark',
        } as never),
      ),
    );
  }
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const legacyArgs = [
    'migrate',
    'legacy',
    '--from',
    redis.url,
    '--prefix',
    'sess:',
    '--to',
    `${redis.url}?prefix=cc:`,
    '--user-field',
    'userId',
    '--until',
    until,
  ];
  const imported = await cli(legacyArgs);
  line('migrate legacy (connect-redis → redis, imported claims)', imported.report.imported!, imported);
  const again = await cli(legacyArgs);
  line('  the same again (idempotent: nothing imported)', again.report.alreadyImported!, again);
  await client.quit();

  const sqlite = new SqliteStore({ path: join(dir, 'from.db') });
  const sessions = createSessionManager({
    store: sqlite,
    secrets: env.COATCHECK_SECRETS,
    maxSessionsPerUser: 0,
  });
  for (let i = 0; i < TOTAL; i += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, TOTAL - i) }, (_, j) =>
        sessions.create({ userId: `user${(i + j) % 20_000}`, data: { cart: [i + j] } }),
      ),
    );
  }
  await sqlite.close();
  const copied = await cli([
    'migrate',
    '--from',
    `sqlite:${join(dir, 'from.db')}`,
    '--to',
    `${redis.url}?prefix=cp:`,
  ]);
  line('migrate --from sqlite --to redis (copy + verification)', copied.report.copied!, copied);
} finally {
  stopAll();
  rmSync(dir, { recursive: true, force: true });
}
