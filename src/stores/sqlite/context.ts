import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Clock } from '../../lib/clock.js';

/** The SQLite store's connection, prepared statements and clock, shared by its per-area files. */
export class SqliteContext {
  readonly #statements = new Map<string, StatementSync>();

  constructor(
    readonly db: DatabaseSync,
    readonly clock: Clock,
  ) {}

  /** A prepared statement, prepared once per text. */
  sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  /** Runs `work` in one `BEGIN IMMEDIATE` transaction: atomic across processes sharing the file. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  now(): number {
    return this.clock.now();
  }
}
