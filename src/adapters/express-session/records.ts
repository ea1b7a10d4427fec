import { decodeData, isValidUserId, type ManagerContext } from '../../core/gateway.js';
import { SessionError } from '../../errors.js';
import type { StoredSession } from '../../stores/types.js';
import { cookieSettings, expiryOf, withRecordExpiry } from './expiry.js';
import { bridgeRecords } from './listing.js';
import { ANONYMOUS_PREFIX, type BridgeMapping } from './mapping.js';
import { deriveNewest, handleFor, type Located, locate, putPointer, recordAt } from './pointer.js';
import { RecentPointers } from './recent.js';
import { deleteRecord, expireRecord, insertRecord, updateRecord } from './writes.js';

/**
 * The bridge's store logic on promises: express-session's get/set/touch/destroy on coatcheck
 * records found through their pointer (pointer.ts).
 */
export class BridgeRecords<Sess extends object> {
  readonly #recent: RecentPointers;

  constructor(
    readonly c: ManagerContext,
    readonly mapping: BridgeMapping<Sess>,
  ) {
    this.#recent = new RecentPointers(() => c.now());
  }

  /** The coatcheck session id (the handle in device lists) of an express-session id, or null. */
  async handleOf(sid: string): Promise<string | null> {
    const at = await locate(this.c, sid);
    return at ? handleFor(at, at.userId) : null;
  }

  async read(sid: string): Promise<Sess | null> {
    const { record } = await this.#find(sid);
    if (!record) return null;
    const sess = await this.#open(record);
    const hint = this.#recent.get(sid);
    if (hint) hint.cookie = cookieSettings(sess);
    return sess;
  }

  async write(sid: string, sess: Sess): Promise<void> {
    const wanted = this.#userOf(sess);
    const skip = wanted === null && this.mapping.anonymous === 'skip';
    const { at, record } = await this.#find(sid);
    if (!at) {
      if (skip) return;
      const derived = await deriveNewest(this.c, sid);
      const userId = wanted ?? ANONYMOUS_PREFIX + derived.core;
      // The pointer first: if the record cannot be written after it, the sid is dead, never orphaned.
      if (await putPointer(this.c, derived.core, userId, null))
        await insertRecord(this.c, this.mapping, derived, userId, sess);
      return;
    }
    // Revoked, destroyed or expired: an in-flight request never brings a session back (SM-7).
    if (!record) return;
    const sameUser = wanted === null ? at.userId.startsWith(ANONYMOUS_PREFIX) : wanted === at.userId;
    if (sameUser) return updateRecord(this.c, record, sess);
    // Another user on the same sid (signed in without regenerate, or signed out): move the record.
    this.#recent.forget(sid);
    await deleteRecord(this.c, record);
    const current = skip ? null : await locate(this.c, sid);
    if (!current || current.userId !== at.userId) return;
    const userId = wanted ?? ANONYMOUS_PREFIX + current.core;
    if (await putPointer(this.c, current.core, userId, current.pointerVersion)) {
      await insertRecord(this.c, this.mapping, current, userId, sess);
    }
  }

  // express-session touches after every unmodified request: with a fresh hint that is one write.
  async touch(sid: string, sess: Sess): Promise<void> {
    const hint = this.#recent.get(sid);
    // A cookie setting changed without a data change (a new maxAge, say): express-session only
    // touches, but its own store would keep the new cookie, so write the session instead.
    if (hint?.cookie !== undefined && hint.cookie !== cookieSettings(sess)) return this.write(sid, sess);
    if (hint && (await this.#touch(hint.id, sess, hint.createdAt))) return;
    const { record } = await this.#find(sid, { fresh: true });
    if (record) await this.#touch(record.id, sess, record.createdAt);
  }

  async destroy(sid: string): Promise<void> {
    const { record } = await this.#find(sid);
    this.#recent.forget(sid);
    if (record) await deleteRecord(this.c, record);
  }

  /** Every live session of the bridge (see listing.ts for the cost); off the request path. */
  async all(): Promise<Sess[]> {
    return Promise.all((await bridgeRecords(this.c)).map((record) => this.#open(record)));
  }

  async length(): Promise<number> {
    return (await bridgeRecords(this.c)).length;
  }

  /** Deletes every session of the bridge, and only those; their sids are never reused. */
  async clear(): Promise<void> {
    const records = await bridgeRecords(this.c);
    this.#recent.clear();
    await Promise.all(records.map((record) => deleteRecord(this.c, record)));
  }

  async #open(record: StoredSession): Promise<Sess> {
    const sess = (await decodeData(this.c.options, record.data, record.id, record.version)) as Sess;
    return withRecordExpiry(sess, record.expiresAt);
  }

  // The hinted record if it is still there; otherwise the pointer is read again, so a change made
  // by another process (revocation, a new user) is always seen.
  async #find(
    sid: string,
    options: { fresh?: boolean } = {},
  ): Promise<{ at: Located | null; record: StoredSession | null }> {
    const hint = options.fresh ? null : this.#recent.get(sid);
    const hinted = hint && (await recordAt(this.c, hint.at));
    if (hint && hinted) return { at: hint.at, record: hinted };
    const at = await locate(this.c, sid);
    const record = at && (await recordAt(this.c, at));
    if (at && record) this.#recent.set(sid, { at, id: record.id, createdAt: record.createdAt });
    else this.#recent.forget(sid);
    return { at, record };
  }

  async #touch(id: string, sess: Sess, createdAt: number): Promise<boolean> {
    const { expiresAt } = expiryOf(this.c, sess, createdAt);
    if (expiresAt <= this.c.now()) {
      await expireRecord(this.c, id);
      return true;
    }
    return this.c.store('touch', (s) => s.touch(id, this.c.now(), expiresAt));
  }

  #userOf(sess: Sess): string | null {
    const userId = this.mapping.userId(sess) ?? null;
    if (userId === null) return null;
    if (!isValidUserId(userId) || userId.startsWith(ANONYMOUS_PREFIX)) {
      throw new SessionError('ERR_DATA_INVALID', 'userId() must return a user id (1-256 characters) or null');
    }
    return userId;
  }
}
