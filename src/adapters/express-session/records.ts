import type { ManagerContext } from '../../core/context.js';
import { setSessionData } from '../../core/data.js';
import { decodeData } from '../../core/data-codec.js';
import { isValidUserId } from '../../core/issue.js';
import { buildRecord } from '../../core/records.js';
import type { SessionData } from '../../core/session.js';
import { SessionError } from '../../errors.js';
import { migratedToken } from '../../migrate/legacy/derive.js';
import type { StoredSession } from '../../stores/types.js';
import { expiryOf } from './expiry.js';
import { ANONYMOUS_PREFIX, type BridgeMapping } from './mapping.js';
import { type Derived, deriveNewest, handleFor, locate, putPointer, recordAt } from './pointer.js';

/**
 * The bridge's store logic on promises: express-session's get/set/touch/destroy on coatcheck
 * records found through their pointer (pointer.ts).
 */
export class BridgeRecords<Sess extends object> {
  constructor(
    readonly c: ManagerContext,
    readonly mapping: BridgeMapping<Sess>,
  ) {}

  /** The coatcheck session id (the handle in device lists) of an express-session id, or null. */
  async handleOf(sid: string): Promise<string | null> {
    const at = await locate(this.c, sid);
    return at ? handleFor(at, at.userId) : null;
  }

  async read(sid: string): Promise<Sess | null> {
    const record = await this.#find(sid);
    if (!record) return null;
    return (await decodeData(this.c.options, record.data, record.id, record.version)) as Sess;
  }

  async write(sid: string, sess: Sess): Promise<void> {
    const wanted = this.#userOf(sess);
    const skip = wanted === null && this.mapping.anonymous === 'skip';
    const at = await locate(this.c, sid);
    if (!at) {
      if (skip) return;
      const derived = await deriveNewest(this.c, sid);
      const userId = wanted ?? ANONYMOUS_PREFIX + derived.core;
      // The pointer first: if the record cannot be written after it, the sid is dead, never orphaned.
      if (await putPointer(this.c, derived.core, userId, null)) await this.#insert(derived, userId, sess);
      return;
    }
    const record = await recordAt(this.c, at);
    // Revoked, destroyed or expired: an in-flight request never brings a session back (SM-7).
    if (!record) return;
    const sameUser = wanted === null ? at.userId.startsWith(ANONYMOUS_PREFIX) : wanted === at.userId;
    if (sameUser) return this.#update(record, sess);
    // Another user on the same sid (signed in without regenerate, or signed out): move the record.
    await this.#delete(record);
    if (skip) return;
    const userId = wanted ?? ANONYMOUS_PREFIX + at.core;
    if (await putPointer(this.c, at.core, userId, at.pointerVersion)) await this.#insert(at, userId, sess);
  }

  async touch(sid: string, sess: Sess): Promise<void> {
    const record = await this.#find(sid);
    if (!record) return;
    const { expiresAt } = expiryOf(this.c, sess, record.createdAt);
    await this.c.store('touch', (s) => s.touch(record.id, this.c.now(), expiresAt));
  }

  async destroy(sid: string): Promise<void> {
    const record = await this.#find(sid);
    if (record) await this.#delete(record);
  }

  async #find(sid: string): Promise<StoredSession | null> {
    const at = await locate(this.c, sid);
    return at && recordAt(this.c, at);
  }

  #userOf(sess: Sess): string | null {
    const userId = this.mapping.userId(sess) ?? null;
    if (userId === null) return null;
    if (!isValidUserId(userId) || userId.startsWith(ANONYMOUS_PREFIX)) {
      throw new SessionError('ERR_DATA_INVALID', 'userId() must return a user id (1-256 characters) or null');
    }
    return userId;
  }

  async #insert(derived: Derived, userId: string, sess: Sess): Promise<void> {
    const now = this.c.now();
    const minted = await migratedToken(derived, userId);
    const { expiresAt, absoluteExpiresAt } = expiryOf(this.c, sess, now);
    const meta = this.mapping.meta?.(sess) ?? {};
    const input = { userId, data: sess as SessionData, meta, now, authTime: now, absoluteExpiresAt };
    const { record } = await buildRecord(this.c.options, input, minted);
    record.expiresAt = expiresAt;
    const anonymous = userId.startsWith(ANONYMOUS_PREFIX);
    const result = await this.c.store('create', (s) =>
      s.create(record, anonymous ? undefined : this.c.options.limit),
    );
    if (!result.created) {
      throw new SessionError(
        result.reason === 'limit' ? 'ERR_SESSION_LIMIT' : 'ERR_SESSION_EXISTS',
        'The session could not be stored',
      );
    }
    for (const id of result.evicted) this.c.revoked(id, userId, 'limit-evicted', {});
    if (!anonymous) this.c.emit({ type: 'session.created', sessionId: record.id, userId }, {});
  }

  // Whole-session writes, as express-session makes them: the last writer wins, retried on a
  // version conflict; the expiry follows the express-session cookie.
  async #update(record: StoredSession, sess: Sess): Promise<void> {
    let current: StoredSession | null = record;
    for (let attempt = 0; current && attempt < 5; attempt++) {
      try {
        await setSessionData(this.c, current, sess as SessionData);
        const { expiresAt } = expiryOf(this.c, sess, current.createdAt);
        if (Math.abs(expiresAt - current.expiresAt) >= 1000) {
          await this.c.store('touch', (s) => s.touch(current!.id, this.c.now(), expiresAt));
        }
        return;
      } catch (error) {
        if (!(error instanceof SessionError)) throw error;
        if (error.code === 'ERR_SESSION_REVOKED') return;
        if (error.code !== 'ERR_VERSION_CONFLICT') throw error;
      }
      current = await this.c.store('get', (s) => s.get(record.id));
    }
    if (current) throw new SessionError('ERR_VERSION_CONFLICT', 'Session data changed concurrently');
  }

  async #delete(record: StoredSession): Promise<void> {
    const deleted = await this.c.store('delete', (s) => s.delete(record.id));
    if (deleted && !record.userId.startsWith(ANONYMOUS_PREFIX)) {
      this.c.revoked(record.id, record.userId, 'logout', {});
    }
  }
}
