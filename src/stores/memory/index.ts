import { SessionError } from '../../errors.js';
import { type Clock, systemClock } from '../../lib/clock.js';
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

export interface MemoryStoreOptions {
  /** The memory store loses everything on restart; it refuses NODE_ENV=production unless allowed. */
  allowInProduction?: boolean;
  /** Time source for expiry, for tests with a controllable clock. */
  clock?: Clock;
}

interface Expiring {
  expiresAt: number;
}

/**
 * An in-process store for tests and development. Expiry is enforced on every read, and expired
 * entries are swept as new ones arrive, so memory stays bounded by live sessions.
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
  readonly #clock: Clock;
  readonly #sessions = new Map<string, StoredSession>();
  readonly #byUser = new Map<string, Set<string>>();
  readonly #families = new Map<string, StoredRefreshFamily>();
  readonly #documents = new Map<string, StoredDocument & Expiring>();
  #writesSinceSweep = 0;

  constructor(options: MemoryStoreOptions = {}) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    if (env?.NODE_ENV === 'production' && !options.allowInProduction) {
      throw new SessionError('ERR_CONFIG_INVALID', 'MemoryStore is not for production (allowInProduction)');
    }
    this.#clock = options.clock ?? systemClock;
  }

  async create(session: StoredSession, limit?: SessionLimit): Promise<CreateResult> {
    this.#maybeSweep();
    if (this.#sessions.has(session.id)) return { created: false, reason: 'exists' };
    const owned = this.#liveOfUser(session.userId);
    const evicted: string[] = [];
    if (limit && owned.length >= limit.max) {
      if (limit.policy === 'reject') return { created: false, reason: 'limit' };
      owned.sort((a, b) => a.createdAt - b.createdAt);
      for (const old of owned.slice(0, owned.length - limit.max + 1)) {
        this.#remove(old.id);
        evicted.push(old.id);
      }
    }
    this.#insert(session);
    return { created: true, evicted };
  }

  async get(id: string): Promise<StoredSession | null> {
    const session = this.#live(this.#sessions.get(id));
    return session ? copySession(session) : null;
  }

  async touch(id: string, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    const session = this.#live(this.#sessions.get(id));
    if (!session) return false;
    session.lastSeenAt = lastSeenAt;
    session.expiresAt = expiresAt;
    return true;
  }

  async updateData(id: string, expectedVersion: number, data: string): Promise<UpdateResult> {
    const session = this.#live(this.#sessions.get(id));
    if (!session) return 'missing';
    if (session.version !== expectedVersion) return 'conflict';
    session.data = data;
    session.version += 1;
    return 'updated';
  }

  async replace(oldId: string, replacement: StoredSession): Promise<boolean> {
    if (!this.#live(this.#sessions.get(oldId)) || this.#sessions.has(replacement.id)) return false;
    this.#remove(oldId);
    this.#insert(replacement);
    return true;
  }

  async delete(id: string): Promise<StoredSession | null> {
    const session = this.#live(this.#sessions.get(id));
    this.#remove(id);
    return session ? copySession(session) : null;
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    return this.#liveOfUser(userId)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((s) => copySession(s));
  }

  async deleteByUser(userId: string, exceptId?: string): Promise<string[]> {
    const ids = this.#liveOfUser(userId)
      .map((s) => s.id)
      .filter((id) => id !== exceptId);
    for (const id of ids) this.#remove(id);
    return ids;
  }

  async createFamily(family: StoredRefreshFamily): Promise<boolean> {
    if (this.#live(this.#families.get(family.id))) return false;
    this.#families.set(family.id, { ...family });
    return true;
  }

  async getFamily(id: string): Promise<StoredRefreshFamily | null> {
    const family = this.#live(this.#families.get(id));
    return family ? { ...family } : null;
  }

  async updateFamily(
    next: StoredRefreshFamily,
    expected: { generation: number; graceUses: number },
  ): Promise<UpdateResult> {
    const family = this.#live(this.#families.get(next.id));
    if (!family) return 'missing';
    if (family.generation !== expected.generation || family.graceUses !== expected.graceUses)
      return 'conflict';
    this.#families.set(next.id, { ...next });
    return 'updated';
  }

  async deleteFamily(id: string): Promise<boolean> {
    const existed = this.#live(this.#families.get(id)) !== null;
    this.#families.delete(id);
    return existed;
  }

  async getDocument(name: string): Promise<StoredDocument | null> {
    const doc = this.#live(this.#documents.get(name));
    return doc ? { value: doc.value, version: doc.version } : null;
  }

  async putDocument(
    name: string,
    value: string,
    expectedVersion: number | null,
    ttlSeconds?: number,
  ): Promise<boolean> {
    const current = this.#live(this.#documents.get(name));
    if ((current?.version ?? null) !== expectedVersion) return false;
    const expiresAt = ttlSeconds ? this.#clock.now() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY;
    this.#documents.set(name, { value, version: (expectedVersion ?? 0) + 1, expiresAt });
    return true;
  }

  async scanSessions(cursor: string | null, count: number): Promise<ScanPage<StoredSession>> {
    return page([...this.#sessions.values()], cursor, count, (s) => this.#live(s) !== null, copySession);
  }

  async scanFamilies(cursor: string | null, count: number): Promise<ScanPage<StoredRefreshFamily>> {
    return page(
      [...this.#families.values()],
      cursor,
      count,
      (f) => this.#live(f) !== null,
      (f) => ({ ...f }),
    );
  }

  async listDocuments(prefix: string): Promise<string[]> {
    return [...this.#documents].filter(([n, d]) => n.startsWith(prefix) && this.#live(d)).map(([n]) => n);
  }

  async scanDocuments(cursor: string | null, count: number): Promise<ScanPage<NamedDocument>> {
    const named = [...this.#documents].map(([id, d]) => ({ id, ...d }));
    const found = page(
      named,
      cursor,
      count,
      (d) => this.#live(d) !== null,
      (d) => ({ ...d }),
    );
    const items = found.items.map(({ id, value, version, expiresAt }) => ({
      name: id,
      value,
      version,
      expiresAt: Number.isFinite(expiresAt) ? expiresAt : null,
    }));
    return { items, cursor: found.cursor };
  }

  async purgeExpired(): Promise<number> {
    let purged = 0;
    for (const map of [this.#sessions, this.#families, this.#documents] as Map<string, Expiring>[]) {
      for (const [id, entry] of map) {
        if (entry.expiresAt > this.#clock.now()) continue;
        if (map === (this.#sessions as Map<string, Expiring>)) this.#remove(id);
        else map.delete(id);
        purged++;
      }
    }
    return purged;
  }

  async close(): Promise<void> {}

  #live<T extends Expiring>(entry: T | undefined): T | null {
    return entry && entry.expiresAt > this.#clock.now() ? entry : null;
  }

  #liveOfUser(userId: string): StoredSession[] {
    const ids = this.#byUser.get(userId) ?? new Set<string>();
    return [...ids].map((id) => this.#live(this.#sessions.get(id))).filter((s) => s !== null);
  }

  #insert(session: StoredSession): void {
    this.#sessions.set(session.id, copySession(session));
    const ids = this.#byUser.get(session.userId) ?? new Set<string>();
    ids.add(session.id);
    this.#byUser.set(session.userId, ids);
  }

  #remove(id: string): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#sessions.delete(id);
    const ids = this.#byUser.get(session.userId);
    ids?.delete(id);
    if (ids?.size === 0) this.#byUser.delete(session.userId);
  }

  // Amortised cleanup: one pass per 1,000 writes keeps memory bounded without a timer.
  #maybeSweep(): void {
    if (++this.#writesSinceSweep < 1000) return;
    this.#writesSinceSweep = 0;
    void this.purgeExpired();
  }
}

// Every field is a primitive except meta; a shallow copy is enough and ~10× cheaper than
// structuredClone on the request path.
function copySession(session: StoredSession): StoredSession {
  return { ...session, meta: { ...session.meta } };
}

// Pages by id order so a cursor (the last id seen) stays valid while entries come and go.
function page<T extends { id: string }>(
  all: T[],
  cursor: string | null,
  count: number,
  live: (item: T) => boolean,
  copy: (item: T) => T,
): ScanPage<T> {
  const sorted = all.filter((item) => live(item) && (cursor === null || item.id > cursor));
  sorted.sort((a, b) => (a.id < b.id ? -1 : 1));
  const items = sorted.slice(0, count).map(copy);
  return { items, cursor: sorted.length > count ? items.at(-1)!.id : null };
}
