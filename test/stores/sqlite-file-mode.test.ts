import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionManager } from '../../src/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';

const root = mkdtempSync(join(tmpdir(), 'coatcheck-sqlite-mode-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string): number => statSync(path).mode & 0o777;

describe('SQLite file modes', () => {
  it('creates the database 0600 (with its WAL files) in new directories 0700, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const dir = join(root, 'data', 'nested');
      const path = join(dir, 'sessions.db');
      const store = new SqliteStore({ path, cleanupIntervalSeconds: 0 });
      await createSessionManager({ store }).create({ userId: 'alice' });
      expect(mode(path)).toBe(0o600);
      expect(mode(`${path}-wal`)).toBe(0o600);
      expect(mode(dir)).toBe(0o700);
      expect(mode(join(root, 'data'))).toBe(0o700);
      await store.close();
      // Reopening an existing file keeps its data.
      const again = new SqliteStore({ path, cleanupIntervalSeconds: 0 });
      expect(await createSessionManager({ store: again }).list('alice')).toHaveLength(1);
      await again.close();
    } finally {
      process.umask(previous);
    }
  });
});
