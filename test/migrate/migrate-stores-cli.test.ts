// `coatcheck migrate --from --to` end to end: sqlite → Redis and Redis → Redis Cluster, each
// interrupted and resumed, verified record by record, with refresh and access tokens still working.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createSessionManager, Keyring, type SessionStore } from '../../src/index.js';
import { openStore } from '../../src/server/stores.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import type { NamedDocument } from '../../src/stores/types.js';
import { createTokenService } from '../../src/tokens/index.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-migrate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secrets = Keyring.generateSecret('k1');
const env = { ...process.env, NODE_ENV: 'test', COATCHECK_SECRETS: secrets };

function services(store: SessionStore) {
  const sessions = createSessionManager({ store, secrets, maxSessionsPerUser: 0 });
  return { sessions, tokens: createTokenService({ sessions, issuer: 'https://auth.test', audience: 'api' }) };
}

async function seed(store: SessionStore, count: number) {
  const { sessions, tokens } = services(store);
  const issued = [];
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) =>
      sessions.create({ userId: `u${(i + j) % 41}`, data: { n: i + j } }, { userAgent: `ua-${i + j}` }),
    );
    issued.push(...(await Promise.all(batch)));
  }
  const pairs = await Promise.all(issued.slice(0, 5).map((s) => tokens.issue(s.session)));
  await tokens.revokeAccessTokens('u40');
  await store.putDocument('custom:short', 'x', null, 600);
  return { issued, pairs };
}

async function all<T>(scan: (c: string | null, n: number) => Promise<{ items: T[]; cursor: string | null }>) {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; cursor: string | null } = await scan(cursor, 500);
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== null);
  return out;
}

async function expectSameRecords(from: SessionStore, to: SessionStore): Promise<void> {
  const sessions = await all(from.scanSessions!.bind(from));
  for (const s of sessions) expect(await to.get(s.id)).toEqual(s);
  for (const user of ['u0', 'u17', 'u40'])
    expect((await to.listByUser(user)).map((s) => s.id)).toEqual(
      (await from.listByUser(user)).map((s) => s.id),
    );
  for (const f of await all(from.scanFamilies!.bind(from))) expect(await to.getFamily(f.id)).toEqual(f);
  const target = new Map((await all(to.scanDocuments!.bind(to))).map((d: NamedDocument) => [d.name, d]));
  const docs = await all(from.scanDocuments!.bind(from));
  expect(docs.length).toBeGreaterThanOrEqual(3);
  for (const d of docs) {
    const copied = target.get(d.name);
    expect(copied?.value, d.name).toBe(d.value);
    if (d.expiresAt === null) expect(copied?.expiresAt).toBeNull();
    else expect(Math.abs(copied!.expiresAt! - d.expiresAt)).toBeLessThan(3000);
  }
}

async function migrateInTwoRuns(fromSpec: string, toSpec: string, expected: number) {
  const checkpoint = join(dir, `${randomUUID()}.json`);
  const args = [
    'migrate',
    '--from',
    fromSpec,
    '--to',
    toSpec,
    '--checkpoint',
    checkpoint,
    '--batch-size',
    '100',
  ];
  const first = await runCli([...args, '--pages', '3', '--json'], env);
  expect(first.code, first.err).toBe(3);
  expect(existsSync(checkpoint)).toBe(true);
  const partial = JSON.parse(first.out) as { copied: number };
  expect(partial.copied).toBeGreaterThan(0);
  expect(partial.copied).toBeLessThan(expected);
  const second = await runCli([...args, '--json'], env);
  expect(second.code, second.err).toBe(0);
  const report = JSON.parse(second.out) as { copied: number; skipped: number; missing: number };
  expect(report.copied + report.skipped).toBeGreaterThanOrEqual(expected);
  expect(report.missing).toBe(0);
  expect(existsSync(checkpoint)).toBe(false);
  const again = JSON.parse((await runCli([...args, '--json'], env)).out) as { copied: number };
  expect(again.copied).toBe(0);
  expect(JSON.stringify([first, second])).not.toContain(secrets.slice(3));
}

async function tokensStillWork(to: SessionStore, seeded: Awaited<ReturnType<typeof seed>>): Promise<void> {
  const { sessions, tokens } = services(to);
  for (const { token, session } of seeded.issued.slice(0, 20))
    expect((await sessions.validate(token)).session?.data).toEqual(session.data);
  for (const pair of seeded.pairs) {
    await expect(tokens.verify(pair.accessToken)).resolves.toMatchObject({ sessionId: expect.any(String) });
    const rotated = await tokens.refresh(pair.refreshToken);
    await expect(tokens.verify(rotated.accessToken)).resolves.toBeTruthy();
    await expect(tokens.refresh(rotated.refreshToken)).resolves.toMatchObject({ tokenType: 'Bearer' });
  }
}

describe('coatcheck migrate --from --to', () => {
  it('documents its flags and refuses to run without both stores', async () => {
    const help = await runCli(['migrate', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--checkpoint');
    expect(help.out).toContain('migrate legacy');
    expect((await runCli(['migrate', 'legacy', '--help'], env)).out).toContain('--user-field');
    const bare = await runCli(['migrate', '--from', 'memory:'], env);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('Usage: coatcheck migrate');
  });

  it('sqlite → Redis: interrupted, resumed, verified record by record; tokens keep working', async () => {
    const path = join(dir, 'from.db');
    const from = new SqliteStore({ path });
    const seeded = await seed(from, 1500);
    const prefix = `m${randomUUID().slice(0, 6)}:`;
    const toSpec = `${inject('redis').standalone}?prefix=${prefix}`;
    await migrateInTwoRuns(`sqlite:${path}`, toSpec, 1500 + 5);
    const to = await openStore(toSpec);
    try {
      await expectSameRecords(from, to);
      await tokensStillWork(to, seeded);
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  });

  it('Redis → Redis Cluster: interrupted, resumed, verified record by record; tokens keep working', async () => {
    const redis = inject('redis');
    const fromSpec = `${redis.standalone}?prefix=m${randomUUID().slice(0, 6)}:`;
    const nodes = redis.cluster.nodes.map((n) => n.replace('redis://', '')).join(',');
    const toSpec = `redis-cluster://${nodes}?prefix=m${randomUUID().slice(0, 6)}:`;
    const from = await openStore(fromSpec);
    const seeded = await seed(from, 800);
    await migrateInTwoRuns(fromSpec, toSpec, 800 + 5);
    const to = await openStore(toSpec);
    try {
      await expectSameRecords(from, to);
      await tokensStillWork(to, seeded);
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  });
});
