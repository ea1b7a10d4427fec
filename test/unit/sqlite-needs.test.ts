// The SQLite store on a runtime without node:sqlite (Node.js before 22.13): importing it works,
// and building one fails with a typed error that says what is needed, not ERR_UNKNOWN_BUILTIN_MODULE.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../src/stores/sqlite/index.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-sqlite-needs-'));
afterEach(() => vi.restoreAllMocks());

describe('SqliteStore without node:sqlite', () => {
  it('is refused at construction with ERR_CONFIG_INVALID naming the runtimes that have it', () => {
    const real = process.getBuiltinModule.bind(process);
    // What Node.js 22.12 answers: getBuiltinModule returns undefined for a built-in it lacks.
    vi.spyOn(process, 'getBuiltinModule').mockImplementation(((id: string) =>
      id === 'node:sqlite' ? undefined : real(id)) as typeof process.getBuiltinModule);
    const path = join(dir, 'never.db');
    expect(() => new SqliteStore({ path })).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INVALID',
        message: expect.stringMatching(/node:sqlite.*Node\.js 22\.13 or later.*This runtime \(Node\.js \d+/),
      }),
    );
    expect(existsSync(path)).toBe(false);
  });

  it('opens as usual where the runtime has it', async () => {
    const store = new SqliteStore({ path: join(dir, 'ok.db'), cleanupIntervalSeconds: 0 });
    expect(await store.get('missing')).toBeNull();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
