import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates the database file (0600) and any missing directories (0700) before SQLite opens it, so
 * the secret hashes and sealed data in it are never readable by other local users, as
 * `secrets.json` is not. SQLite gives its `-wal` and `-shm` files the database file's mode. An
 * existing file or directory keeps the mode its owner gave it.
 */
export function createPrivateDatabaseFile(path: string): void {
  if (path === ':memory:' || path.startsWith('file:')) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // 'a' creates the file if missing and never truncates one that exists.
  closeSync(openSync(path, 'a', 0o600));
}
