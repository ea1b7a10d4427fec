import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type {
  CreateResult,
  NamedDocument,
  ScanPage,
  SessionLimit,
  SessionStore,
  StoredDocument,
  StoredRefreshFamily,
  StoredSession,
  UpdateResult,
} from '../types.js';
import { SCHEMA, SCHEMA_VERSION, type SessionRow } from './schema.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. The directory is created if missing. */
  path: string;
  /** How often expired rows are deleted, in seconds (0 turns the timer off). Default 300. */
  cleanupIntervalSeconds?: number;
  /** How long a writer waits for another process's lock, in milliseconds. Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * The embedded default store on Node 24's built-in `node:sqlite`: persistent across restarts,
 * no server and no native build. Each multi-row operation is one `BEGIN IMMEDIATE` transaction, so
 * it is atomic across processes sharing the file too.
 *
 * @example
 * ```ts
 * import { createSessionManager } from 'coatcheck';
 * import { SqliteStore } from 'coatcheck/stores/sqlite';
 * const manager = createSessionManager({ store: new SqliteStore({ path: './data/sessions.db' }) });
 * ```
 */
export class SqliteStore implements SessionStore {
  readonly kind = 'sqlite';
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  readonly #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.#db = new DatabaseSync(options.path);
    this.#db.exec(`PRAGMA busy_timeout = ${Math.floor(options.busyTimeoutMs ?? 5000)}`);
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    this.#db.exec(SCHEMA);
    this.#db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    const interval = options.cleanupIntervalSeconds ?? 300;
    if (interval > 0) {
      this.#timer = setInterval(() => void this.purgeExpired().catch(() => {}), interval * 1000);
      this.#timer.unref();
    }
  }

  async create(session: StoredSession, limit?: SessionLimit): Promise<CreateResult> {
    return this.#transaction(() => {
      if (this.#sql('SELECT 1 FROM coatcheck_sessions WHERE id = ?').get(session.id)) {
        return { created: false, reason: 'exists' } as const;
      }
      const evicted: string[] = [];
      if (limit) {
        const live = this.#sql(
          'SELECT id FROM coatcheck_sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at, id',
        ).all(session.userId, Date.now()) as { id: string }[];
        if (live.length >= limit.max) {
          if (limit.policy === 'reject') return { created: false, reason: 'limit' } as const;
          for (const { id } of live.slice(0, live.length - limit.max + 1)) {
            this.#sql('DELETE FROM coatcheck_sessions WHERE id = ?').run(id);
            evicted.push(id);
          }
        }
      }
      this.#insert(session);
      return { created: true, evicted } as const;
    });
  }

  async get(id: string): Promise<StoredSession | null> {
    const row = this.#sql('SELECT * FROM coatcheck_sessions WHERE id = ? AND expires_at > ?').get(
      id,
      Date.now(),
    );
    return row ? fromRow(row as unknown as SessionRow) : null;
  }

  async touch(id: string, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    const result = this.#sql(
      'UPDATE coatcheck_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ? AND expires_at > ?',
    ).run(lastSeenAt, expiresAt, id, Date.now());
    return result.changes > 0;
  }

  async updateData(id: string, expectedVersion: number, data: string): Promise<UpdateResult> {
    return this.#transaction(() => {
      const row = this.#sql('SELECT version FROM coatcheck_sessions WHERE id = ? AND expires_at > ?').get(
        id,
        Date.now(),
      ) as { version: number } | undefined;
      if (!row) return 'missing';
      if (row.version !== expectedVersion) return 'conflict';
      this.#sql('UPDATE coatcheck_sessions SET data = ?, version = version + 1 WHERE id = ?').run(data, id);
      return 'updated';
    });
  }

  async replace(oldId: string, replacement: StoredSession): Promise<boolean> {
    return this.#transaction(() => {
      const removed = this.#sql('DELETE FROM coatcheck_sessions WHERE id = ? AND expires_at > ?').run(
        oldId,
        Date.now(),
      );
      if (removed.changes === 0) return false;
      this.#insert(replacement);
      return true;
    });
  }

  async delete(id: string): Promise<StoredSession | null> {
    const row = this.#sql('DELETE FROM coatcheck_sessions WHERE id = ? RETURNING *').get(id) as
      | SessionRow
      | undefined;
    return row && row.expires_at > Date.now() ? fromRow(row) : null;
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    const rows = this.#sql(
      'SELECT * FROM coatcheck_sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at, id',
    ).all(userId, Date.now()) as unknown as SessionRow[];
    return rows.map(fromRow);
  }

  async deleteByUser(userId: string, exceptId?: string): Promise<string[]> {
    const rows = this.#sql(
      'DELETE FROM coatcheck_sessions WHERE user_id = ? AND id != ? RETURNING id, expires_at',
    ).all(userId, exceptId ?? '') as { id: string; expires_at: number }[];
    const now = Date.now();
    return rows.filter((row) => row.expires_at > now).map((row) => row.id);
  }

  async createFamily(family: StoredRefreshFamily): Promise<boolean> {
    const result = this.#sql(
      `INSERT INTO coatcheck_refresh_families (id, generation, grace_uses, expires_at, body)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(family.id, family.generation, family.graceUses, family.expiresAt, JSON.stringify(family));
    return result.changes > 0;
  }

  async getFamily(id: string): Promise<StoredRefreshFamily | null> {
    const row = this.#sql('SELECT body FROM coatcheck_refresh_families WHERE id = ? AND expires_at > ?').get(
      id,
      Date.now(),
    ) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as StoredRefreshFamily) : null;
  }

  async updateFamily(
    next: StoredRefreshFamily,
    expected: { generation: number; graceUses: number },
  ): Promise<UpdateResult> {
    return this.#transaction(() => {
      const result = this.#sql(
        `UPDATE coatcheck_refresh_families SET generation = ?, grace_uses = ?, expires_at = ?, body = ?
         WHERE id = ? AND generation = ? AND grace_uses = ? AND expires_at > ?`,
      ).run(
        next.generation,
        next.graceUses,
        next.expiresAt,
        JSON.stringify(next),
        next.id,
        expected.generation,
        expected.graceUses,
        Date.now(),
      );
      if (result.changes > 0) return 'updated';
      const exists = this.#sql(
        'SELECT 1 FROM coatcheck_refresh_families WHERE id = ? AND expires_at > ?',
      ).get(next.id, Date.now());
      return exists ? 'conflict' : 'missing';
    });
  }

  async deleteFamily(id: string): Promise<boolean> {
    return this.#sql('DELETE FROM coatcheck_refresh_families WHERE id = ?').run(id).changes > 0;
  }

  async getDocument(name: string): Promise<StoredDocument | null> {
    return this.#readDocument(name);
  }

  async putDocument(
    name: string,
    value: string,
    expectedVersion: number | null,
    ttlSeconds?: number,
  ): Promise<boolean> {
    const expiresAt = ttlSeconds ? Date.now() + ttlSeconds * 1000 : null;
    return this.#transaction(() => {
      const current = this.#readDocument(name);
      if ((current?.version ?? null) !== expectedVersion) return false;
      this.#sql(
        `INSERT INTO coatcheck_documents (name, value, version, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = excluded.version,
         expires_at = excluded.expires_at`,
      ).run(name, value, (expectedVersion ?? 0) + 1, expiresAt);
      return true;
    });
  }

  async scanSessions(cursor: string | null, count: number): Promise<ScanPage<StoredSession>> {
    const rows = this.#sql(
      'SELECT * FROM coatcheck_sessions WHERE id > ? AND expires_at > ? ORDER BY id LIMIT ?',
    ).all(cursor ?? '', Date.now(), count + 1) as unknown as SessionRow[];
    const items = rows.slice(0, count).map(fromRow);
    return { items, cursor: rows.length > count ? items.at(-1)!.id : null };
  }

  async scanFamilies(cursor: string | null, count: number): Promise<ScanPage<StoredRefreshFamily>> {
    const rows = this.#sql(
      'SELECT id, body FROM coatcheck_refresh_families WHERE id > ? AND expires_at > ? ORDER BY id LIMIT ?',
    ).all(cursor ?? '', Date.now(), count + 1) as { id: string; body: string }[];
    const items = rows.slice(0, count).map((row) => JSON.parse(row.body) as StoredRefreshFamily);
    return { items, cursor: rows.length > count ? items.at(-1)!.id : null };
  }

  async listDocuments(prefix: string): Promise<string[]> {
    const rows = this.#sql(
      'SELECT name FROM coatcheck_documents WHERE substr(name, 1, ?) = ? AND (expires_at IS NULL OR expires_at > ?)',
    ).all(prefix.length, prefix, Date.now()) as { name: string }[];
    return rows.map((row) => row.name);
  }

  async scanDocuments(cursor: string | null, count: number): Promise<ScanPage<NamedDocument>> {
    const rows = this.#sql(
      `SELECT name, value, version, expires_at FROM coatcheck_documents
       WHERE name > ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY name LIMIT ?`,
    ).all(cursor ?? '', Date.now(), count + 1) as {
      name: string;
      value: string;
      version: number;
      expires_at: number | null;
    }[];
    const items = rows.slice(0, count).map((row) => ({
      name: row.name,
      value: row.value,
      version: Number(row.version),
      expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    }));
    return { items, cursor: rows.length > count ? items.at(-1)!.name : null };
  }

  async purgeExpired(): Promise<number> {
    const now = Date.now();
    return this.#transaction(() => {
      let purged = Number(this.#sql('DELETE FROM coatcheck_sessions WHERE expires_at <= ?').run(now).changes);
      purged += Number(
        this.#sql('DELETE FROM coatcheck_refresh_families WHERE expires_at <= ?').run(now).changes,
      );
      purged += Number(this.#sql('DELETE FROM coatcheck_documents WHERE expires_at <= ?').run(now).changes);
      return purged;
    });
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#db.isOpen) this.#db.close();
  }

  #readDocument(name: string): StoredDocument | null {
    const row = this.#sql(
      'SELECT value, version FROM coatcheck_documents WHERE name = ? AND (expires_at IS NULL OR expires_at > ?)',
    ).get(name, Date.now()) as StoredDocument | undefined;
    return row ? { value: row.value, version: row.version } : null;
  }

  #insert(s: StoredSession): void {
    this.#sql(
      `INSERT INTO coatcheck_sessions (id, user_id, secret_hash, created_at, last_seen_at, expires_at,
       absolute_expires_at, auth_time, version, data, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      s.id,
      s.userId,
      s.secretHash,
      s.createdAt,
      s.lastSeenAt,
      s.expiresAt,
      s.absoluteExpiresAt,
      s.authTime,
      s.version,
      s.data,
      JSON.stringify(s.meta),
    );
  }

  #sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }
}

function fromRow(row: SessionRow): StoredSession {
  return {
    id: row.id,
    userId: row.user_id,
    secretHash: row.secret_hash,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    absoluteExpiresAt: Number(row.absolute_expires_at),
    authTime: Number(row.auth_time),
    version: Number(row.version),
    data: row.data,
    meta: JSON.parse(row.meta) as StoredSession['meta'],
  };
}
