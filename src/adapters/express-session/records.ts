import type { ManagerContext } from '../../core/context.js';
import { setSessionData } from '../../core/data.js';
import { decodeData } from '../../core/data-codec.js';
import { isValidUserId } from '../../core/issue.js';
import { buildRecord } from '../../core/records.js';
import type { SessionData } from '../../core/session.js';
import { SessionError } from '../../errors.js';
import { deriveFromSid, migratedToken } from '../../migrate/legacy/derive.js';
import type { SessionMeta, StoredSession } from '../../stores/types.js';
import { secretMatches } from '../../tokens/session-token.js';
import { expiryOf, pointerTtlSeconds } from './expiry.js';

/**
 * How the bridge maps express-session data to coatcheck records.
 *
 * @example
 * ```ts
 * import { CoatcheckSessionStore } from 'coatcheck/adapters/express-session';
 * new CoatcheckSessionStore({
 *   manager,
 *   userId: (sess) => sess.userId,
 *   meta: (sess) => ({ userAgent: sess.userAgent }),
 *   anonymous: 'skip',
 * });
 * ```
 */
export interface BridgeMapping<Sess> {
  /** The user a session belongs to, or null/undefined for a session nobody has signed in to. */
  userId(sess: Sess): string | null | undefined;
  /** Device-list metadata from the session data (the store never sees the request). */
  meta?(sess: Sess): SessionMeta;
  /** Sessions without a user: `store` (default) keeps them, `skip` never writes them. */
  anonymous?: 'store' | 'skip';
}

/**
 * Anonymous sessions belong to a pseudo-user of their own (this prefix and the session's handle),
 * never listed with a real user's; `userId()` may not return an id starting with it.
 *
 * @example
 * ```ts
 * import { ANONYMOUS_PREFIX } from 'coatcheck/adapters/express-session';
 * const isAnonymous = (record: { userId: string }) => record.userId.startsWith(ANONYMOUS_PREFIX);
 * ```
 */
export const ANONYMOUS_PREFIX = 'express-session:anonymous:';
const POINTER = 'xs:';
const LABEL = 'express-session';

interface Located {
  core: string;
  secret: string;
  userId: string;
  pointerVersion: number;
}

/**
 * The bridge's store logic on promises. A record's id is the user's routing tag plus a core
 * derived from the express-session id under the keyring (HMAC), and a small pointer document
 * (`xs:<core>` → user id) finds it from the sid alone: the raw sid is never stored (SM-2).
 */
export class BridgeRecords<Sess extends object> {
  constructor(
    readonly c: ManagerContext,
    readonly mapping: BridgeMapping<Sess>,
  ) {}

  /** The coatcheck session id (the handle in device lists) of an express-session id, or null. */
  async handleOf(sid: string): Promise<string | null> {
    const at = await this.#locate(sid);
    return at ? (await migratedToken(at, at.userId)).id : null;
  }

  async read(sid: string): Promise<Sess | null> {
    const at = await this.#locate(sid);
    const record = at && (await this.#record(at));
    if (!record) return null;
    return (await decodeData(this.c.options, record.data, record.id, record.version)) as Sess;
  }

  async write(sid: string, sess: Sess): Promise<void> {
    const wanted = this.#userOf(sess);
    const at = await this.#locate(sid);
    if (!at) {
      if (wanted !== null || this.mapping.anonymous !== 'skip') await this.#create(sid, wanted, sess);
      return;
    }
    const record = await this.#record(at);
    // Revoked, destroyed or expired: an in-flight request never brings a session back (SM-7).
    if (!record) return;
    const sameUser = wanted === null ? at.userId.startsWith(ANONYMOUS_PREFIX) : wanted === at.userId;
    if (sameUser) return this.#update(record, sess);
    await this.#delete(record);
    if (wanted === null && this.mapping.anonymous === 'skip') return;
    const userId = wanted ?? ANONYMOUS_PREFIX + at.core;
    const moved = await this.c.store('putDocument', (s) =>
      s.putDocument(POINTER + at.core, userId, at.pointerVersion, pointerTtlSeconds(this.c)),
    );
    if (moved) await this.#insert(at, userId, sess, this.c.now());
  }

  async touch(sid: string, sess: Sess): Promise<void> {
    const at = await this.#locate(sid);
    const record = at && (await this.#record(at));
    if (!record) return;
    const { expiresAt } = expiryOf(this.c, sess, record.createdAt);
    await this.c.store('touch', (s) => s.touch(record.id, this.c.now(), expiresAt));
  }

  async destroy(sid: string): Promise<void> {
    const at = await this.#locate(sid);
    const record = at && (await this.#record(at));
    if (record) await this.#delete(record);
  }

  #userOf(sess: Sess): string | null {
    const userId = this.mapping.userId(sess) ?? null;
    if (userId === null) return null;
    if (!isValidUserId(userId) || userId.startsWith(ANONYMOUS_PREFIX)) {
      throw new SessionError('ERR_DATA_INVALID', 'userId() must return a user id (1-256 characters) or null');
    }
    return userId;
  }

  // Newest key first; older keys keep sessions made before a key rotation reachable.
  async #locate(sid: string): Promise<Located | null> {
    const keyring = this.c.options.keyring!;
    for (const { key } of await keyring.all('legacy')) {
      const derived = await deriveFromSid(key, LABEL, sid);
      const doc = await this.c.store('getDocument', (s) => s.getDocument(POINTER + derived.core));
      if (doc) return { ...derived, userId: doc.value, pointerVersion: doc.version };
    }
    return null;
  }

  async #record(at: Located): Promise<StoredSession | null> {
    const minted = await migratedToken(at, at.userId);
    const record = await this.c.store('get', (s) => s.get(minted.id));
    if (!record || record.userId !== at.userId) return null;
    return (await secretMatches(at.secret, record.secretHash)) ? record : null;
  }

  async #create(sid: string, wanted: string | null, sess: Sess): Promise<void> {
    const { key } = await this.c.options.keyring!.current('legacy');
    const derived = await deriveFromSid(key, LABEL, sid);
    const userId = wanted ?? ANONYMOUS_PREFIX + derived.core;
    const now = this.c.now();
    // The pointer first: if the record cannot be written after it, the sid is dead, never orphaned.
    const claimed = await this.c.store('putDocument', (s) =>
      s.putDocument(POINTER + derived.core, userId, null, pointerTtlSeconds(this.c)),
    );
    if (claimed) await this.#insert(derived, userId, sess, now);
  }

  async #insert(
    derived: { core: string; secret: string },
    userId: string,
    sess: Sess,
    now: number,
  ): Promise<void> {
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
