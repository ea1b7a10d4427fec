import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { runStoreContract } from '../../src/testing/index.js';

const runner = { describe, it, beforeAll, afterAll };
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract('memory', async () => new MemoryStore(), runner);
runStoreContract('sqlite (file)', async () => new SqliteStore({ path: join(dir, 'contract.db') }), runner);

// The contract's scanDocuments case passes on a store that only lists documents; the stores
// shipped here must page through them (migrations keep each document's expiry that way).
it('the shipped stores implement scanDocuments', () => {
  for (const Store of [MemoryStore, SqliteStore, RedisStore]) {
    expect(typeof Store.prototype.scanDocuments, Store.name).toBe('function');
  }
});
