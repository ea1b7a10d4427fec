import type { CookieToSet } from '../cookies/serialize.js';
import { SessionError } from '../errors.js';
import type { EventContext } from '../events/types.js';
import { type Duration, toSeconds } from '../lib/duration.js';
import type { ActedBy } from './activity.js';
import { type ActivityPage, type ActivityPageQuery, readActivity } from './activity-read.js';
import { createContext, type ManagerContext, managerContext } from './context.js';
import { clearSessionCookie, sessionCookie } from './cookies.js';
import { DEFAULT_UPDATE_ATTEMPTS, setSessionData, updateSessionData } from './data.js';
import { type EverythingEnded, endEverything } from './end-everything.js';
import { type CreateInput, createSession, regenerateSession } from './issue.js';
import { type ResolvedOptions, resolveOptions, type SessionManagerOptions } from './options.js';
import type { IssuedSession, ValidateResult } from './results.js';
import {
  dropPresented,
  listOfUser,
  logoutToken,
  type RevokeOptions,
  revokeAllOfUser,
  revokeById,
} from './revoke.js';
import type { Session, SessionData, SessionInfo } from './session.js';
import { validateToken } from './validate.js';

export type { ActedBy, ActivityActor, ActivityType } from './activity.js';
export type { ActivityEntry, ActivityPage, ActivityPageQuery } from './activity-read.js';
export type { EverythingEnded } from './end-everything.js';
export type { CreateInput } from './issue.js';
export type { NewDeviceSignIn } from './options.js';
export type { RevokeOptions } from './revoke.js';

/**
 * All session policy: creation, validation, rotation, revocation, expiry and limits. It never
 * touches a request or response; adapters read the token and write the cookies it returns.
 * Every store failure surfaces as ERR_STORE_UNAVAILABLE, so callers fail closed.
 *
 * @example
 * ```ts
 * import { createSessionManager } from 'coatcheck';
 * import { SqliteStore } from 'coatcheck/stores/sqlite';
 *
 * const sessions = createSessionManager({
 *   store: new SqliteStore({ path: './data/sessions.db' }),
 *   secrets: process.env.COATCHECK_SECRETS,
 * });
 * const { token, cookie } = await sessions.create({ userId: 'alice' });
 * const result = await sessions.validate(token);
 * if (result.session) console.log(result.session.userId);
 * ```
 */
export class SessionManager {
  /**
   * @internal The resolved configuration, for coatcheck's own layers (through `core/gateway.ts`).
   * Read `cookieName` and the other getters instead; this shape may change in any release.
   */
  readonly options: ResolvedOptions;
  readonly #c: ManagerContext;

  constructor(options: SessionManagerOptions) {
    this.options = resolveOptions(options);
    this.#c = createContext(this.options);
  }

  /** @internal Package-internal: read through `coreOf` in core/gateway.ts. */
  get [managerContext](): ManagerContext {
    return this.#c;
  }

  /** The name of the session cookie. */
  get cookieName(): string {
    return this.options.cookieName;
  }

  /** Starts a session. At the per-user limit it evicts the oldest, or throws ERR_SESSION_LIMIT. */
  create<Data extends SessionData>(
    input: CreateInput<Data>,
    ctx: EventContext = {},
  ): Promise<IssuedSession<Data>> {
    return createSession(this.#c, input, ctx);
  }

  /** Signs a user in: the session the request carried (if its token is valid) is revoked first (fixation), then a new one starts. */
  async login<Data extends SessionData>(
    input: CreateInput<Data>,
    previousToken?: string | null,
    ctx: EventContext = {},
  ): Promise<IssuedSession<Data>> {
    await dropPresented(this.#c, previousToken, ctx);
    return createSession(this.#c, input, ctx);
  }

  /**
   * Checks a token: format first, then one store read, a constant-time secret check and the
   * expiry policy. A fresh session costs no write. Throws only ERR_STORE_UNAVAILABLE (fail closed).
   */
  validate<Data extends SessionData>(
    token: string | null | undefined,
    ctx: EventContext = {},
  ): Promise<ValidateResult<Data>> {
    return validateToken<Data>(this.#c, token, ctx);
  }

  /**
   * Rotates a session's token and id, keeping its data; the old token is dead when this returns.
   * Use on privilege change; pass `reauthenticated` on re-authentication or step-up, which also
   * restarts the absolute lifetime and `authTime`.
   */
  async regenerate<Data extends SessionData>(
    token: string,
    options: { reauthenticated?: boolean } = {},
    ctx: EventContext = {},
  ): Promise<IssuedSession<Data>> {
    const current = await validateToken<Data>(this.#c, token, ctx);
    if (!current.session) throw new SessionError(current.code, 'No valid session to regenerate');
    return regenerateSession(this.#c, current.session, options.reauthenticated ?? false, ctx);
  }

  /**
   * Ends the session a token belongs to. Returns the cookie that clears it (same attributes) and,
   * when configured, the `Clear-Site-Data` header value to send with it.
   */
  async logout(
    token: string | null | undefined,
    ctx: EventContext = {},
  ): Promise<{ revoked: boolean; cookie: CookieToSet; clearSiteData: string | null }> {
    const revoked = await logoutToken(this.#c, token, ctx);
    return { revoked, cookie: clearSessionCookie(this.options), clearSiteData: this.options.clearSiteData };
  }

  /**
   * Revokes one session by handle. With `userId`, only if it belongs to that user. `actor` and
   * `actorSessionId` say who acted, for the activity log (default: the user; `admin`: an operator).
   */
  revoke(
    sessionId: string,
    options: RevokeOptions & { userId?: string } = {},
    ctx: EventContext = {},
  ): Promise<boolean> {
    return revokeById(this.#c, sessionId, options, ctx);
  }

  /** Revokes all of a user's sessions, or all but `except`; returns how many ended. */
  revokeAll(
    userId: string,
    options: RevokeOptions & { except?: string } = {},
    ctx: EventContext = {},
  ): Promise<number> {
    return revokeAllOfUser(this.#c, userId, options, ctx);
  }

  /**
   * A user's security activity, newest first: sign-ins, sign-outs, revocations (and who did
   * them), expiries, refresh-token reuse, step-ups, new devices. Paginated: pass the page's
   * `next` as `before`. Same user-id rules as {@link create}; a user with no history gets an
   * empty page. Empty too when the log is off (`activity: false`) or the store keeps none.
   *
   * @example
   * ```ts
   * import { createSessionManager } from 'coatcheck';
   * import { SqliteStore } from 'coatcheck/stores/sqlite';
   *
   * const sessions = createSessionManager({ store: new SqliteStore({ path: './data/sessions.db' }) });
   * const page = await sessions.activity('alice', { limit: 20 });
   * for (const e of page.entries) console.log(new Date(e.at).toISOString(), e.type, e.device ?? '', e.ip ?? '');
   * const older = page.next ? await sessions.activity('alice', { before: page.next }) : null;
   * ```
   */
  activity(userId: string, query: ActivityPageQuery = {}): Promise<ActivityPage> {
    return readActivity(this.#c, userId, query);
  }

  /**
   * Ends everything of a user at once, for a password change or an account disable (SM-8): every
   * session (one atomic store step), with it every refresh-token family, and every access token
   * issued so far (the user's not-before time, checked by verifiers with `revocation.notBefore`).
   * Records one `everything-ended` activity entry with `reason` (1–64 of `a-z 0-9 . _ : -`).
   *
   * @example
   * ```ts
   * import { createSessionManager } from 'coatcheck';
   * import { SqliteStore } from 'coatcheck/stores/sqlite';
   *
   * const sessions = createSessionManager({ store: new SqliteStore({ path: './data/sessions.db' }) });
   * const { sessions: ended } = await sessions.endEverything('alice', 'password-changed');
   * ```
   */
  endEverything(
    userId: string,
    reason: string,
    by: ActedBy = {},
    ctx: EventContext = {},
  ): Promise<EverythingEnded> {
    return endEverything(this.#c, userId, reason, by, ctx);
  }

  /** A user's live sessions (devices), oldest first, marking `currentSessionId`. No credentials. */
  list(userId: string, currentSessionId?: string): Promise<SessionInfo[]> {
    return listOfUser(this.#c, userId, currentSessionId);
  }

  /**
   * Replaces session data if nobody wrote since `session.version` (compare-and-set); returns the new
   * version. Throws ERR_VERSION_CONFLICT on a concurrent write, ERR_SESSION_REVOKED if it ended.
   * It waits behind this process's queued writes to the session (see {@link updateData}).
   */
  setData<Data extends SessionData>(session: Pick<Session, 'id' | 'version'>, data: Data): Promise<number> {
    return setSessionData(this.#c, session, data);
  }

  /**
   * Read-modify-write of session data; resolves with what `update` returned. In one process,
   * updates of a session are queued and applied one after another, each seeing the previous
   * result (queued ones share one store write), so they never conflict with each other. Writes
   * of other processes are met by compare-and-set, retried up to `maxAttempts` times before
   * ERR_VERSION_CONFLICT. `update` must be pure: it may run again on newer data. Throws
   * ERR_SESSION_REVOKED if the session ended (nothing is written).
   */
  updateData<Data extends SessionData>(
    sessionId: string,
    update: (data: Data) => Data,
    maxAttempts = DEFAULT_UPDATE_ATTEMPTS,
  ): Promise<Data> {
    return updateSessionData(this.#c, sessionId, update, maxAttempts);
  }

  /** Step-up guard: throws ERR_REAUTH_REQUIRED unless the user authenticated within `maxAge`. */
  requireRecentAuth(session: Pick<Session, 'authTime'>, maxAge: Duration): void {
    if (this.#c.now() - session.authTime > toSeconds(maxAge, 'maxAge') * 1000) {
      throw new SessionError('ERR_REAUTH_REQUIRED', 'Recent authentication is required');
    }
  }

  /** The session cookie for a token the caller already holds (Max-Age until the absolute expiry). */
  cookieFor(token: string, session: Pick<Session, 'absoluteExpiresAt'>): CookieToSet {
    return sessionCookie(this.options, token, session.absoluteExpiresAt, this.#c.now());
  }

  /** The Set-Cookie that clears the session cookie (identical attributes). */
  clearCookie(): CookieToSet {
    return clearSessionCookie(this.options);
  }
}

/**
 * Creates a {@link SessionManager}.
 *
 * @example
 * ```ts
 * import { createSessionManager } from 'coatcheck';
 * import { MemoryStore } from 'coatcheck/stores/memory';
 * const sessions = createSessionManager({ store: new MemoryStore(), idleTimeout: '30m' });
 * ```
 */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  return new SessionManager(options);
}
