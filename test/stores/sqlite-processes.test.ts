import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionManager } from '../../src/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { runWorker } from '../helpers/worker-process.js';

// Several app processes may share one SQLite file; its transactions must hold across processes.
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-sqlite-mp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const worker = `
  const { createSessionManager } = await import('./dist/index.js');
  const { SqliteStore } = await import('./dist/stores/sqlite/index.js');
  const [path, sessionId, userId] = process.argv.slice(1);
  const store = new SqliteStore({ path, cleanupIntervalSeconds: 0 });
  const m = createSessionManager({ store, maxSessionsPerUser: 5, limitPolicy: 'reject' });
  for (let i = 0; i < 25; i++) await m.updateData(sessionId, (d) => ({ n: d.n + 1 }), 1000);
  let created = 0;
  for (let i = 0; i < 10; i++) {
    try { await m.create({ userId }); created++; } catch (e) { if (e.code !== 'ERR_SESSION_LIMIT') throw e; }
  }
  await store.close();
  console.log(created);
`;

const run = (args: string[]): Promise<string> => runWorker(worker, args);

describe('SQLite store across processes', () => {
  it('loses no update and keeps the limit when three processes write at once', async () => {
    const path = join(dir, 'shared.db');
    const store = new SqliteStore({ path });
    const manager = createSessionManager({ store });
    const { token, session } = await manager.create({ userId: 'counter', data: { n: 0 } });
    const created = await Promise.all([1, 2, 3].map(() => run([path, session.id, 'limited'])));
    expect((await manager.validate<{ n: number }>(token)).session?.data.n).toBe(75);
    expect(created.map(Number).reduce((a, b) => a + b, 0)).toBe(5);
    expect(await manager.list('limited')).toHaveLength(5);
    await store.close();
  });
});
