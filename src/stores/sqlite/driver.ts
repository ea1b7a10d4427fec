import type { DatabaseSync } from 'node:sqlite';
import { SessionError } from '../../errors.js';

type SqliteModule = { DatabaseSync: typeof DatabaseSync };

/**
 * The built-in `node:sqlite`, loaded when a store is built rather than when this module is
 * imported: on a runtime without it (Node.js before 22.13, or 22.5–22.12 without
 * `--experimental-sqlite`) importing `coatcheck/stores/sqlite` still works, and the constructor
 * says what is needed instead of the import failing with "No such built-in module: node:sqlite".
 */
export function loadSqlite(): SqliteModule {
  let loaded: SqliteModule | undefined;
  let cause: unknown;
  try {
    // undefined when the runtime has no such built-in (Node.js documents this for getBuiltinModule).
    loaded = process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined;
  } catch (error) {
    cause = error;
  }
  if (typeof loaded?.DatabaseSync === 'function') return loaded;
  throw new SessionError(
    'ERR_CONFIG_INVALID',
    `SqliteStore needs the built-in node:sqlite module: Node.js 24 LTS, or Node.js 22.13 or later (where it is experimental; 22.5–22.12 with --experimental-sqlite), Bun or Deno 2. This runtime (${runtime()}) does not provide it; use the memory or Redis store here, or a newer runtime.`,
    cause === undefined ? undefined : { cause },
  );
}

function runtime(): string {
  const g = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (g.Bun) return `Bun ${g.Bun.version}`;
  if (g.Deno) return `Deno ${g.Deno.version.deno}`;
  return `Node.js ${process.versions?.node ?? 'unknown'}`;
}
