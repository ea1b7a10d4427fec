import type {
  ActivityQuery,
  ActivityWrite,
  CreateResult,
  SessionLimit,
  SessionStore,
  StoredActivity,
  StoredDocument,
  StoredRefreshFamily,
  StoredSession,
  UpdateResult,
} from '../stores/types.js';
import { copyDocument, readDocument } from './copy-document.js';

/**
 * A store for the cut-over from one store to another without logging anyone out: reads fall back
 * to the old store and copy what they find into the new one; writes go to the new one; deletions
 * go to both (old first), so nothing revoked can come back from the old store. Run `copyStore` in
 * the background meanwhile; when it reports nothing missing, switch to the new store alone.
 *
 * @example
 * ```ts
 * import { ReadThroughStore } from 'coatcheck/migrate';
 * const store = new ReadThroughStore({ from: sqliteStore, to: redisStore });
 * ```
 */
export class ReadThroughStore implements SessionStore {
  readonly kind: string;
  readonly #from: SessionStore;
  readonly #to: SessionStore;
  /** The new store's activity log, when it keeps one (the old store's log is not carried over). */
  readonly appendActivity?: (write: ActivityWrite) => Promise<void>;
  readonly listActivity?: (userId: string, query: ActivityQuery) => Promise<StoredActivity[]>;

  constructor(stores: { from: SessionStore; to: SessionStore }) {
    this.#from = stores.from;
    this.#to = stores.to;
    this.kind = `${stores.from.kind}→${stores.to.kind}`;
    const to = stores.to;
    if (to.appendActivity && to.listActivity) {
      this.appendActivity = (write) => to.appendActivity!(write);
      this.listActivity = (userId, query) => to.listActivity!(userId, query);
    }
  }

  async get(id: string): Promise<StoredSession | null> {
    const current = await this.#to.get(id);
    if (current) return current;
    const old = await this.#from.get(id);
    if (!old) return null;
    await this.#to.create(old);
    // A logout may have deleted the old record while it was being copied: deletions hit the old
    // store first, so checking it again after the copy closes that window.
    if (!(await this.#from.get(id))) {
      await this.#to.delete(id);
      return null;
    }
    return this.#to.get(id);
  }

  create(session: StoredSession, limit?: SessionLimit, activity?: ActivityWrite): Promise<CreateResult> {
    return this.#to.create(session, limit, activity);
  }

  async touch(id: string, lastSeenAt: number, expiresAt: number): Promise<boolean> {
    return (await this.get(id)) ? this.#to.touch(id, lastSeenAt, expiresAt) : false;
  }

  async updateData(id: string, expectedVersion: number, data: string): Promise<UpdateResult> {
    return (await this.get(id)) ? this.#to.updateData(id, expectedVersion, data) : 'missing';
  }

  async replace(oldId: string, replacement: StoredSession, activity?: ActivityWrite): Promise<boolean> {
    if (!(await this.get(oldId))) return false;
    await this.#from.delete(oldId);
    return this.#to.replace(oldId, replacement, activity);
  }

  // The entry is written with the new store's copy: the manager reads a session (which copies
  // it) before it deletes it.
  async delete(id: string, activity?: ActivityWrite): Promise<StoredSession | null> {
    const old = await this.#from.delete(id);
    return (await this.#to.delete(id, activity)) ?? old;
  }

  async listByUser(userId: string): Promise<StoredSession[]> {
    const [current, old] = await Promise.all([this.#to.listByUser(userId), this.#from.listByUser(userId)]);
    const ids = new Set(current.map((s) => s.id));
    const pulled = await Promise.all(old.filter((s) => !ids.has(s.id)).map((s) => this.get(s.id)));
    return [...current, ...pulled.filter((s) => s !== null)].sort((a, b) => a.createdAt - b.createdAt);
  }

  async deleteByUser(userId: string, exceptId?: string, activity?: ActivityWrite): Promise<string[]> {
    const old = await this.#from.deleteByUser(userId, exceptId);
    const current = await this.#to.deleteByUser(userId, exceptId, activity);
    return [...new Set([...current, ...old])];
  }

  createFamily(family: StoredRefreshFamily): Promise<boolean> {
    return this.#to.createFamily(family);
  }

  async getFamily(id: string): Promise<StoredRefreshFamily | null> {
    const current = await this.#to.getFamily(id);
    if (current) return current;
    const old = await this.#from.getFamily(id);
    if (!old) return null;
    await this.#to.createFamily(old);
    if (!(await this.#from.getFamily(id))) {
      await this.#to.deleteFamily(id);
      return null;
    }
    return this.#to.getFamily(id);
  }

  async updateFamily(
    next: StoredRefreshFamily,
    expected: { generation: number; graceUses: number },
  ): Promise<UpdateResult> {
    return (await this.getFamily(next.id)) ? this.#to.updateFamily(next, expected) : 'missing';
  }

  async deleteFamily(id: string): Promise<boolean> {
    const old = await this.#from.deleteFamily(id);
    return (await this.#to.deleteFamily(id)) || old;
  }

  async getDocument(name: string): Promise<StoredDocument | null> {
    const current = await this.#to.getDocument(name);
    if (current) return current;
    // The copy keeps the document's expiry and version: a not-before time must still expire, and
    // a reader holding the old version must still win (or lose) its compare-and-set as before.
    const old = await readDocument(this.#from, name);
    if (!old) return null;
    await copyDocument(this.#to, old, Date.now());
    return this.#to.getDocument(name);
  }

  async putDocument(
    name: string,
    value: string,
    expectedVersion: number | null,
    ttlSeconds?: number,
  ): Promise<boolean> {
    await this.getDocument(name);
    return this.#to.putDocument(name, value, expectedVersion, ttlSeconds);
  }

  async close(): Promise<void> {
    await Promise.all([this.#from.close(), this.#to.close()]);
  }
}
