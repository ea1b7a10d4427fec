import session, { type SessionData as ExpressSessionData } from 'express-session';
import { coreOf } from '../../core/gateway.js';
import type { SessionManager } from '../../core/manager.js';
import type { SessionInfo } from '../../core/session.js';
import { SessionError } from '../../errors.js';
import type { BridgeMapping } from './mapping.js';
import { BridgeRecords } from './records.js';

/**
 * Options of {@link CoatcheckSessionStore}.
 *
 * @example
 * ```ts
 * import { CoatcheckSessionStore, type CoatcheckSessionStoreOptions } from 'coatcheck/adapters/express-session';
 * const options: CoatcheckSessionStoreOptions = { manager, userId: (sess) => sess.userId };
 * const store = new CoatcheckSessionStore(options);
 * ```
 */
export interface CoatcheckSessionStoreOptions extends BridgeMapping<ExpressSessionData> {
  /** A manager with secrets: its store keeps the sessions, its keyring derives their ids and seals data. */
  manager: SessionManager;
}

type Callback<T = void> = (error?: unknown, value?: T) => void;

/**
 * An express-session store on a coatcheck store (memory, SQLite, Redis standalone, Sentinel or
 * Cluster): an existing express-session app gains per-user device lists and revocation without a
 * rewrite. Each session becomes a coatcheck record of the user `userId(sess)` picks; the
 * express-session id is never stored (only an HMAC of it under the keyring), the data is sealed
 * like any coatcheck session data, and the record expires with the express-session cookie (never
 * after the manager's absolute timeout). `all`, `length` and `clear` scan the store's documents:
 * for admin pages and tests, never on a request path. Errors reach express-session as errors (it
 * answers `next(err)`), so a store outage fails closed.
 *
 * @example
 * ```ts
 * import session from 'express-session';
 * import { createSessionManager } from 'coatcheck';
 * import { CoatcheckSessionStore } from 'coatcheck/adapters/express-session';
 * import { RedisStore } from 'coatcheck/stores/redis';
 *
 * const manager = createSessionManager({
 *   store: await RedisStore.connect({ connection: { url: process.env.REDIS_URL! } }),
 *   secrets: process.env.COATCHECK_SECRETS,
 * });
 * const store = new CoatcheckSessionStore({ manager, userId: (sess) => sess.userId });
 * app.use(session({ store, secret: process.env.SESSION_SECRET!, resave: false, saveUninitialized: false }));
 * app.get('/devices', async (req, res) => res.json(await store.list(req.session.userId!, req.sessionID)));
 * ```
 */
export class CoatcheckSessionStore extends session.Store {
  readonly manager: SessionManager;
  readonly #records: BridgeRecords<ExpressSessionData>;

  constructor(options: CoatcheckSessionStoreOptions) {
    super();
    const c = coreOf(options.manager);
    if (!c.keyring) {
      throw new SessionError('ERR_CONFIG_INVALID', 'CoatcheckSessionStore needs a manager with secrets');
    }
    this.manager = options.manager;
    this.#records = new BridgeRecords(c, options);
  }

  override get(sid: string, callback: Callback<ExpressSessionData | null>): void {
    settle(this.#records.read(sid), callback);
  }

  override set(sid: string, sess: ExpressSessionData, callback?: Callback): void {
    settle(this.#records.write(sid, sess), callback);
  }

  override touch(sid: string, sess: ExpressSessionData, callback?: Callback): void {
    settle(this.#records.touch(sid, sess), callback);
  }

  override destroy(sid: string, callback?: Callback): void {
    settle(this.#records.destroy(sid), callback);
  }

  /**
   * Every live session this store keeps (as express-session's `all`: an array of sessions; the
   * sids are not included, the store never keeps them). It scans the backing store's documents,
   * then reads each session: for admin pages and tests, never on a request path.
   */
  override all(callback: Callback<ExpressSessionData[]>): void {
    settle(this.#records.all(), callback);
  }

  /** How many live sessions this store keeps; the same scan as {@link all}. */
  override length(callback: Callback<number>): void {
    settle(this.#records.length(), callback);
  }

  /**
   * Ends every session this store keeps, and nothing else in the backing store (other coatcheck
   * sessions, keys and documents are left alone); the same scan as {@link all}, plus one delete
   * per session.
   */
  override clear(callback?: Callback): void {
    settle(this.#records.clear(), callback);
  }

  /** The coatcheck session id (the handle in device lists) of an express-session id, or null. */
  handleOf(sid: string): Promise<string | null> {
    return this.#records.handleOf(sid);
  }

  /** The user's sessions, newest last, marking the one of `currentSid` (usually `req.sessionID`). */
  async list(userId: string, currentSid?: string): Promise<SessionInfo[]> {
    const current = currentSid ? await this.handleOf(currentSid) : null;
    return this.manager.list(userId, current ?? undefined);
  }

  /** Ends one of the user's sessions by its handle; express-session then finds no session for it. */
  revoke(userId: string, sessionId: string): Promise<boolean> {
    return this.manager.revoke(sessionId, { userId });
  }

  /** Ends all of the user's sessions, or all but the one of `exceptSid`; returns how many. */
  async revokeAll(userId: string, options: { exceptSid?: string } = {}): Promise<number> {
    const except = options.exceptSid ? await this.handleOf(options.exceptSid) : null;
    return this.manager.revokeAll(userId, except ? { except } : {});
  }
}

// express-session's callback style on top of promises. The callback runs on a tick of its own,
// outside the promise chain: an exception it throws is an uncaught exception, as express-session
// and its apps expect, never an unhandled rejection that leaves the request hanging.
function settle<T>(work: Promise<T>, callback?: Callback<T>): void {
  work.then(
    (value) => process.nextTick(() => callback?.(null, value)),
    (error: unknown) => process.nextTick(() => callback?.(error)),
  );
}
