import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
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
import { connect, type RedisConnection } from './connection.js';
import { RedisContext } from './context.js';
import { Deadlines } from './deadline.js';
import * as documents from './documents.js';
import * as families from './families.js';
import { RedisKeys } from './keys.js';
import { openConnection } from './open.js';
import * as scan from './scan.js';
import * as sessions from './sessions.js';

export interface RedisStoreOptions {
  connection: RedisConnection;
  /** Key prefix, so several apps can share a Redis. Default `cc:`. */
  prefix?: string;
  /** Upper bound on any one store call, in milliseconds. Default 1000. */
  commandTimeoutMs?: number;
  /** Upper bound on establishing a connection, in milliseconds. Default 2000. */
  connectTimeoutMs?: number;
  /** Time source for dropping expired index entries; pass the manager's clock. Default: system time. */
  clock?: Clock;
}

/**
 * The production store: Redis standalone, Sentinel or Cluster through node-redis. Every multi-key
 * operation is one Lua script on keys sharing one hash tag (atomic on a Cluster too); a read is one
 * GET; every call is bounded in time and fails closed. The work is in sessions.ts, families.ts,
 * documents.ts and scan.ts; this class only holds the connection.
 *
 * @example
 * ```ts
 * import { RedisStore } from 'coatcheck/stores/redis';
 * const store = await RedisStore.connect({ connection: { url: 'redis://127.0.0.1:6379' } });
 * ```
 */
export class RedisStore implements SessionStore {
  readonly kind = 'redis';
  readonly #ctx: RedisContext;

  private constructor(ctx: RedisContext) {
    this.#ctx = ctx;
  }

  /** Connects and returns a ready store; rejects with ERR_STORE_UNAVAILABLE if Redis cannot be reached. */
  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const connected = connect(options.connection, options.connectTimeoutMs ?? 2000);
    const redis = connected.commander;
    const ctx = new RedisContext(
      redis,
      connected.binary,
      new RedisKeys(options.prefix ?? 'cc:'),
      options.clock ?? systemClock,
      new Deadlines(options.commandTimeoutMs ?? 1000),
      connected.scanNodes,
    );
    await openConnection(connected, options.connection, options.connectTimeoutMs ?? 2000);
    return new RedisStore(ctx);
  }

  create(session: StoredSession, limit?: SessionLimit, log?: ActivityWrite): Promise<CreateResult> {
    return sessions.createSession(this.#ctx, session, limit, log);
  }

  get(id: string): Promise<StoredSession | null> {
    return sessions.getSession(this.#ctx, id);
  }

  touch(id: string, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    return sessions.touchSession(this.#ctx, id, lastSeenAt, expiresAt);
  }

  updateData(id: string, expectedVersion: number, data: string): Promise<UpdateResult> {
    return sessions.updateSessionData(this.#ctx, id, expectedVersion, data);
  }

  replace(oldId: string, replacement: StoredSession, log?: ActivityWrite): Promise<boolean> {
    return sessions.replaceSession(this.#ctx, oldId, replacement, log);
  }

  delete(id: string, log?: ActivityWrite): Promise<StoredSession | null> {
    return sessions.deleteSession(this.#ctx, id, log);
  }

  listByUser(userId: string): Promise<StoredSession[]> {
    return sessions.listUserSessions(this.#ctx, userId);
  }

  deleteByUser(userId: string, exceptId?: string, log?: ActivityWrite): Promise<string[]> {
    return sessions.deleteUserSessions(this.#ctx, userId, exceptId, log);
  }

  appendActivity(write: ActivityWrite): Promise<void> {
    return activity.appendActivity(this.#ctx, write);
  }

  listActivity(userId: string, query: ActivityQuery): Promise<StoredActivity[]> {
    return activity.listActivity(this.#ctx, userId, query);
  }

  createFamily(family: StoredRefreshFamily): Promise<boolean> {
    return families.createFamily(this.#ctx, family);
  }

  getFamily(id: string): Promise<StoredRefreshFamily | null> {
    return families.getFamily(this.#ctx, id);
  }

  updateFamily(
    next: StoredRefreshFamily,
    expected: { generation: number; graceUses: number },
  ): Promise<UpdateResult> {
    return families.updateFamily(this.#ctx, next, expected);
  }

  deleteFamily(id: string): Promise<boolean> {
    return families.deleteFamily(this.#ctx, id);
  }

  getDocument(name: string): Promise<StoredDocument | null> {
    return documents.getDocument(this.#ctx, name);
  }

  putDocument(
    name: string,
    value: string,
    expectedVersion: number | null,
    ttlSeconds?: number,
  ): Promise<boolean> {
    return documents.putDocument(this.#ctx, name, value, expectedVersion, ttlSeconds);
  }

  scanSessions(cursor: string | null, count: number): Promise<ScanPage<StoredSession>> {
    return scan.scanSessions(this.#ctx, cursor, count);
  }

  scanFamilies(cursor: string | null, count: number): Promise<ScanPage<StoredRefreshFamily>> {
    return scan.scanFamilies(this.#ctx, cursor, count);
  }

  readDocument(name: string): Promise<NamedDocument | null> {
    return documents.readDocument(this.#ctx, name);
  }

  importDocument(doc: NamedDocument): Promise<boolean> {
    return documents.importDocument(this.#ctx, doc);
  }

  listDocuments(prefix: string): Promise<string[]> {
    return scan.listDocuments(this.#ctx, prefix);
  }

  scanDocuments(cursor: string | null, count: number): Promise<ScanPage<NamedDocument>> {
    return scan.scanDocuments(this.#ctx, cursor, count);
  }

  async close(): Promise<void> {
    const redis = this.#ctx.redis;
    await (redis.close ? redis.close() : redis.quit?.())?.catch(() => {});
  }
}
