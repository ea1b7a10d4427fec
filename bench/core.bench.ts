// validate() throughput of the session core on the memory and SQLite stores: one store read,
// a constant-time hash check, expiry policy and (with encryption) opening the data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionManager, Keyring } from '../dist/index.js';
import { MemoryStore } from '../dist/stores/memory/index.js';
import { SqliteStore } from '../dist/stores/sqlite/index.js';
import { interleave, printTable } from './lib.ts';

const quick = process.env.BENCH_MODE !== 'full';
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-bench-'));
const secrets = Keyring.generateSecret('k1');
const data = { cart: [1, 2, 3], theme: 'dark' };

async function contender(store: MemoryStore | SqliteStore, encryptData: boolean) {
  const manager = createSessionManager({ store, secrets, encryptData });
  // A few thousand other sessions so lookups are not into an empty table.
  for (let i = 0; i < 2000; i++) await manager.create({ userId: `u${i % 300}`, data });
  const { token } = await manager.create({ userId: 'alice', data });
  return async () => {
    const result = await manager.validate(token);
    if (!result.session) throw new Error('benchmark session vanished');
  };
}

try {
  const stores = [
    new MemoryStore(),
    new MemoryStore(),
    new SqliteStore({ path: join(dir, 'a.db') }),
    new SqliteStore({ path: join(dir, 'b.db') }),
  ];
  const rows = await interleave(
    {
      'validate(): memory store': await contender(stores[0] as MemoryStore, false),
      'validate(): memory store, data encrypted': await contender(stores[1] as MemoryStore, true),
      'validate(): sqlite store': await contender(stores[2] as SqliteStore, false),
      'validate(): sqlite store, data encrypted': await contender(stores[3] as SqliteStore, true),
    },
    quick ? 5 : 15,
    quick ? 400 : 1000,
  );
  printTable(
    `Session core, Node ${process.version} (one process, no HTTP)`,
    rows,
    'ops/s',
    'validate(): memory store',
  );
  for (const store of stores) await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
