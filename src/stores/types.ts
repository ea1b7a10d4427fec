/**
 * The store contract. Stores are atomic primitives with no policy: the manager decides expiry,
 * limits and rotation; a store only does what it is told, atomically where stated. All times are
 * milliseconds since the epoch; a record whose `expiresAt` has passed must never be returned.
 */
import type { ActivityQuery, ActivityWrite, StoredActivity } from './activity-types.js';

/** Request metadata shown in device lists. */
export interface SessionMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** A short device name made from the User-Agent once, at creation ("Chrome 156 on macOS"). */
  device?: string | undefined;
  label?: string | undefined;
}

/** A session as a store keeps it. `secretHash` is never a usable credential. */
export interface StoredSession {
  id: string;
  userId: string;
  secretHash: string;
  createdAt: number;
  lastSeenAt: number;
  /** When the store may forget the record: min(idle expiry, absolute expiry). */
  expiresAt: number;
  absoluteExpiresAt: number;
  authTime: number;
  /** Incremented on every data write; the compare-and-set token for {@link SessionStore.updateData}. */
  version: number;
  /** JSON text, or a sealed value when data encryption is on. */
  data: string;
  meta: SessionMeta;
}

/** A per-user cap applied atomically by {@link SessionStore.create}. */
export interface SessionLimit {
  max: number;
  /** `evict-oldest` drops the oldest sessions (by createdAt) to make room; `reject` writes nothing. */
  policy: 'evict-oldest' | 'reject';
}

export type CreateResult =
  | {
      created: true;
      evicted: string[];
      /** Only with an `activity.unseen` write: whether its entry was appended. */
      newDevice?: boolean;
    }
  | { created: false; reason: 'limit' | 'exists' };

export type UpdateResult = 'updated' | 'conflict' | 'missing';

/** A refresh-token family: the current and previous secret hashes of one chain of rotations. */
export interface StoredRefreshFamily {
  id: string;
  sessionId: string;
  userId: string;
  currentHash: string;
  previousHash: string | null;
  generation: number;
  rotatedAt: number;
  /** How many times the predecessor was answered inside the grace window since the last rotation. */
  graceUses: number;
  createdAt: number;
  expiresAt: number;
  absoluteExpiresAt: number;
  /** Free-form binding (client, audience) checked by the token layer. */
  binding: string;
}

/** One page of a scan, and where the next one starts (null when there is none). */
export interface ScanPage<T> {
  items: T[];
  cursor: string | null;
}

export type {
  ActivityBounds,
  ActivityInput,
  ActivityQuery,
  ActivityWrite,
  StoredActivity,
} from './activity-types.js';

/** A small named document with a version, for keys and per-user revocation times. */
export interface StoredDocument {
  value: string;
  version: number;
}

/** A document as a scan finds it: its name, and when it expires (null: never). */
export interface NamedDocument extends StoredDocument {
  name: string;
  expiresAt: number | null;
}

/**
 * What every coatcheck store implements. Every method is a Promise; any failure to reach the
 * backend rejects (the manager turns it into ERR_STORE_UNAVAILABLE and fails closed).
 */
export interface SessionStore {
  /** A short name for logs and metrics (`memory`, `sqlite`, `redis`). */
  readonly kind: string;

  /**
   * Atomic: inserts the record and its per-user index entry, applying `limit` in the same step
   * (counting only live sessions). Never overwrites an existing id.
   */
  create(session: StoredSession, limit?: SessionLimit, activity?: ActivityWrite): Promise<CreateResult>;

  /** One read. Returns null for unknown or expired ids. */
  get(id: string): Promise<StoredSession | null>;

  /** Update-only: sets lastSeenAt and expiresAt if the record still exists; false if it does not. */
  touch(id: string, lastSeenAt: number, expiresAt: number): Promise<boolean>;

  /**
   * Atomic compare-and-set: writes `data` and `version + 1` only if the stored version equals
   * `expectedVersion`. Update-only: a deleted record stays deleted (`missing`).
   */
  updateData(id: string, expectedVersion: number, data: string): Promise<UpdateResult>;

  /**
   * Atomic: deletes `oldId` and inserts `replacement` (same user) in one step, only if `oldId` still
   * exists. Returns false and writes nothing when it does not (it was revoked meanwhile).
   */
  replace(oldId: string, replacement: StoredSession, activity?: ActivityWrite): Promise<boolean>;

  /**
   * Deletes one session and its index entry; returns the deleted record, or null. `activity` is
   * written in the same step only when a record of `activity.userId` was deleted.
   */
  delete(id: string, activity?: ActivityWrite): Promise<StoredSession | null>;

  /** The user's live sessions, in O(their count), oldest first. Expired ones are never listed. */
  listByUser(userId: string): Promise<StoredSession[]>;

  /** Atomic: deletes all of a user's sessions except `exceptId`; returns the deleted ids. */
  deleteByUser(userId: string, exceptId?: string, activity?: ActivityWrite): Promise<string[]>;

  /** Inserts a refresh family; never overwrites an existing id. */
  createFamily(family: StoredRefreshFamily): Promise<boolean>;

  /** One read; null for unknown or expired families. */
  getFamily(id: string): Promise<StoredRefreshFamily | null>;

  /**
   * Atomic compare-and-set on (generation, graceUses): writes `next` only if the stored family
   * still has `expected.generation` and `expected.graceUses`. Update-only.
   */
  updateFamily(
    next: StoredRefreshFamily,
    expected: { generation: number; graceUses: number },
  ): Promise<UpdateResult>;

  /** Deletes a refresh family; true if it existed. */
  deleteFamily(id: string): Promise<boolean>;

  /** One read of a named document. */
  getDocument(name: string): Promise<StoredDocument | null>;

  /**
   * Atomic compare-and-set: writes `value` with version `expectedVersion + 1` only if the stored
   * version equals `expectedVersion` (null: only if absent). `ttlSeconds` bounds its life.
   */
  putDocument(
    name: string,
    value: string,
    expectedVersion: number | null,
    ttlSeconds?: number,
  ): Promise<boolean>;

  /**
   * Off the request path only (migration, audits): one page of live sessions after `cursor`
   * (null to start), and the cursor of the next page (null when done). `count` is a hint, not a
   * limit: a page may hold fewer or more items (Redis SCAN works that way) and may be empty before
   * the end; only a null cursor says the scan is done. Pages may overlap across concurrent writes;
   * callers must be idempotent.
   */
  scanSessions?(cursor: string | null, count: number): Promise<ScanPage<StoredSession>>;

  /** Off the request path only: one page of live refresh families, like {@link scanSessions}. */
  scanFamilies?(cursor: string | null, count: number): Promise<ScanPage<StoredRefreshFamily>>;

  /** Off the request path only: the names of live documents starting with `prefix`. */
  listDocuments?(prefix: string): Promise<string[]>;

  /**
   * Off the request path only: one page of live documents with their expiry, like
   * {@link scanSessions}, so a copy keeps each document's remaining time to live.
   */
  scanDocuments?(cursor: string | null, count: number): Promise<ScanPage<NamedDocument>>;

  /**
   * Off the request path only (migration): one document with its version and expiry, for a copy
   * that keeps both.
   */
  readDocument?(name: string): Promise<NamedDocument | null>;

  /**
   * Off the request path only (migration): inserts a copied document *as it was*, with its version
   * and absolute expiry (`expiresAt` ms, null: never), only if no document of that name exists.
   * Atomic; true when it was written.
   */
  importDocument?(doc: NamedDocument): Promise<boolean>;

  /**
   * Appends to a user's activity log on its own (for changes that live elsewhere, such as a
   * not-before document). A store that implements this and {@link listActivity} also honours the
   * `activity` argument of create, replace, delete and deleteByUser, writing it atomically with
   * the change (same transaction or script). Entries get increasing `seq` numbers per user; the
   * log keeps at most `bounds.maxEntries` entries, none older than `now - bounds.maxAgeMs`.
   */
  appendActivity?(write: ActivityWrite): Promise<void>;

  /** One read: a user's kept entries, newest first, with `seq < before`, `at >= since`. */
  listActivity?(userId: string, query: ActivityQuery): Promise<StoredActivity[]>;

  /** Removes expired records that the backend does not expire by itself; returns how many. */
  purgeExpired?(): Promise<number>;

  /** Releases connections and timers. */
  close(): Promise<void>;
}
