import { type Clock, systemClock } from '../../lib/clock.js';
import type {
  ActivityQuery,
  ActivityWrite,
  CreateResult,
  NamedDocument,
  ScanPage,
  SessionLimit,
  SessionStore,
  StoredActivity,
  StoredDocument,
  StoredRefreshFamily,
  StoredSession,
  UpdateResult,
} from '../types.js';
import * as activity from './activity.js';
import { SqliteContext } from './context.js';
import * as documents from './documents.js';
import { loadSqlite } from './driver.js';
import * as families from './families.js';
import { createPrivateDatabaseFile } from './private-file.js';
import * as scan from './scan.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';
import * as sessions from './sessions.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. A missing file is created 0600, missing directories 0700. */
  path: string;
  /** How often expired rows are deleted, in seconds (0 turns the timer off). Default 300. */
  cleanupIntervalSeconds?: number;
  /** How long a writer waits for another process's lock, in milliseconds. Default 5000. */
  busyTimeoutMs?: number;
  /** Time source for expiry; pass the manager's clock (tests pass a `ManualClock`). Default: system time. */
  clock?: Clock;
}

/**
 * The embedded default store on the built-in `node:sqlite` (Node.js 24, or 22.13+ where it is
 * experimental; Bun and Deno 2 provide it too): persistent across restarts, no server and no
 * native build. On a runtime without it the constructor throws `ERR_CONFIG_INVALID` naming what
 * is needed. Each multi-row operation is one `BEGIN IMMEDIATE` transaction, so
 * it is atomic across processes sharing the file too. The work is in sessions.ts, families.ts,
 * documents.ts and scan.ts; this class only holds the connection.
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
  readonly #ctx: SqliteContext;
  readonly #timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: SqliteStoreOptions) {
    const { DatabaseSync } = loadSqlite();
    createPrivateDatabaseFile(options.path);
    const db = new DatabaseSync(options.path);
    db.exec(`PRAGMA busy_timeout = ${Math.floor(options.busyTimeoutMs ?? 5000)}`);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    db.exec(SCHEMA);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    this.#ctx = new SqliteContext(db, options.clock ?? systemClock);
    const interval = options.cleanupIntervalSeconds ?? 300;
    if (interval > 0) {
      this.#timer = setInterval(() => void this.purgeExpired().catch(() => {}), interval * 1000);
      this.#timer.unref();
    }
  }

  async create(session: StoredSession, limit?: SessionLimit, log?: ActivityWrite): Promise<CreateResult> {
    return sessions.createSession(this.#ctx, session, limit, log);
  }

  async get(id: string): Promise<StoredSession | null> {
    return sessions.getSession(this.#ctx, id);
  }

  async touch(id: string, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    return sessions.touchSession(this.#ctx, id, lastSeenAt, expiresAt);
  }

  async updateData(id: string, expectedVersion: number, data: string): Promise<UpdateResult> {
    return sessions.updateSessionData(this.#ctx, id, expectedVersion, data);
  }

  async replace(oldId: string, replacement: StoredSession, log?: ActivityWrite): Promise<boolean> {
    return sessions.replaceSession(this.#ctx, oldId, replacement, log);
  }

  async delete(id: string, log?: ActivityWrite): Promise<StoredSession | null> {
    return sessions.deleteSession(this.#ctx, id, log);
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    return sessions.listUserSessions(this.#ctx, userId);
  }

  async deleteByUser(userId: string, exceptId?: string, log?: ActivityWrite): Promise<string[]> {
    return sessions.deleteUserSessions(this.#ctx, userId, exceptId, log);
  }

  async appendActivity(write: ActivityWrite): Promise<void> {
    this.#ctx.transaction(() => activity.writeActivity(this.#ctx, write));
  }

  async listActivity(userId: string, query: ActivityQuery): Promise<StoredActivity[]> {
    return activity.listActivity(this.#ctx, userId, query);
  }

  async createFamily(family: StoredRefreshFamily): Promise<boolean> {
    return families.createFamily(this.#ctx, family);
  }

  async getFamily(id: string): Promise<StoredRefreshFamily | null> {
    return families.getFamily(this.#ctx, id);
  }

  async updateFamily(
    next: StoredRefreshFamily,
    expected: { generation: number; graceUses: number },
  ): Promise<UpdateResult> {
    return families.updateFamily(this.#ctx, next, expected);
  }

  async deleteFamily(id: string): Promise<boolean> {
    return families.deleteFamily(this.#ctx, id);
  }

  async getDocument(name: string): Promise<StoredDocument | null> {
    return documents.getDocument(this.#ctx, name);
  }

  async putDocument(
    name: string,
    value: string,
    expectedVersion: number | null,
    ttlSeconds?: number,
  ): Promise<boolean> {
    return documents.putDocument(this.#ctx, name, value, expectedVersion, ttlSeconds);
  }

  async scanSessions(cursor: string | null, count: number): Promise<ScanPage<StoredSession>> {
    return scan.scanSessions(this.#ctx, cursor, count);
  }

  async scanFamilies(cursor: string | null, count: number): Promise<ScanPage<StoredRefreshFamily>> {
    return scan.scanFamilies(this.#ctx, cursor, count);
  }

  async readDocument(name: string): Promise<NamedDocument | null> {
    return documents.readDocument(this.#ctx, name);
  }

  async importDocument(doc: NamedDocument): Promise<boolean> {
    return documents.importDocument(this.#ctx, doc);
  }

  async listDocuments(prefix: string): Promise<string[]> {
    return scan.listDocuments(this.#ctx, prefix);
  }

  async scanDocuments(cursor: string | null, count: number): Promise<ScanPage<NamedDocument>> {
    return scan.scanDocuments(this.#ctx, cursor, count);
  }

  async purgeExpired(): Promise<number> {
    return scan.purgeExpired(this.#ctx);
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#ctx.db.isOpen) this.#ctx.db.close();
  }
}
