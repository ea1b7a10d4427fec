import { SessionError } from '../../errors.js';
import { type Clock, systemClock } from '../../lib/clock.js';
import { isProduction } from '../../lib/environment.js';
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
import { MemoryContext } from './context.js';
import * as documents from './documents.js';
import * as families from './families.js';
import * as scan from './scan.js';
import * as sessions from './sessions.js';

export interface MemoryStoreOptions {
  /** The memory store loses everything on restart; it refuses NODE_ENV=production unless allowed. */
  allowInProduction?: boolean;
  /** Time source for expiry; pass the manager's clock (tests pass a `ManualClock`). Default: system time. */
  clock?: Clock;
}

/**
 * An in-process store for tests and development. Expiry is enforced on every read, and expired
 * entries are swept as new ones arrive, so memory stays bounded by live sessions. The work is in
 * sessions.ts, families.ts, documents.ts and scan.ts; this class only holds the state.
 *
 * @example
 * ```ts
 * import { createSessionManager } from 'coatcheck';
 * import { MemoryStore } from 'coatcheck/stores/memory';
 * const manager = createSessionManager({ store: new MemoryStore() });
 * ```
 */
export class MemoryStore implements SessionStore {
  readonly kind = 'memory';
  readonly #ctx: MemoryContext;

  constructor(options: MemoryStoreOptions = {}) {
    if (isProduction() && !options.allowInProduction) {
      throw new SessionError('ERR_CONFIG_INVALID', 'MemoryStore is not for production (allowInProduction)');
    }
    this.#ctx = new MemoryContext(options.clock ?? systemClock);
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
    activity.writeActivity(this.#ctx, write);
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

  async close(): Promise<void> {}
}
