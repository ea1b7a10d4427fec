import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { runStoreContract } from '../../src/testing/index.js';

const runner = { describe, it, beforeAll, afterAll };
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract('memory', async () => new MemoryStore(), runner);
runStoreContract('sqlite (file)', async () => new SqliteStore({ path: join(dir, 'contract.db') }), runner);
