import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import type { SessionStore } from '../../src/stores/types.js';
import { redisStore, TOPOLOGIES } from './redis-stores.js';

/**
 * A named way to get a fresh store for token tests. The refresh-race suite runs once per entry:
 * to cover another backend, append a factory here (its `create` may use a server started by a
 * vitest globalSetup; `close` is called after each test file).
 */
export interface TokenStoreFactory {
  name: string;
  create(): Promise<SessionStore>;
}

let dir: string | null = null;
function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'coatcheck-tokens-'));
  return dir;
}

/** Removes files the sqlite factories made; call from afterAll. */
export function cleanupTokenStores(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
}

let counter = 0;
export const tokenStoreFactories: TokenStoreFactory[] = [
  { name: 'memory', create: async () => new MemoryStore() },
  {
    name: 'sqlite',
    create: async () => new SqliteStore({ path: join(tempDir(), `tokens-${process.pid}-${++counter}.db`) }),
  },
  ...TOPOLOGIES.map((topology) => ({ name: `redis ${topology}`, create: () => redisStore(topology) })),
];
