import type { CookieToSet } from '../cookies/serialize.js';
import { coreOf, queueDataUpdate } from '../core/gateway.js';
import type { ActivityPage, ActivityPageQuery, SessionManager } from '../core/manager.js';
import type { Session, SessionData, SessionInfo } from '../core/session.js';
import { createCsrfToken } from '../csrf/token.js';
import { SessionError } from '../errors.js';
import type { EventContext } from '../events/types.js';
import { requireSecrets } from './needs-secrets.js';

/** What an adapter must write for an action: cookies (with Cache-Control: no-store) and headers. */
export interface ResponseEffects {
  cookie(cookie: CookieToSet): void;
  header(name: string, value: string): void;
}

/**
 * The actions of a request that passed a `requireSession` guard: `session` is never null there.
 *
 * @example
 * ```ts
 * import type { SignedInActions } from 'coatcheck/http';
 * const userOf = (actions: SignedInActions): string => actions.session.userId;
 * ```
 */
export type SignedInActions = SessionActions & { readonly session: Session };

/**
 * The session operations of one request, the same in every adapter: sign in (always replacing
 * the session the request carried), sign out, rotate, list and revoke devices, update data. Each
 * writes what the response needs through `effects`; adapters only supply that.
 *
 * @example
 * ```ts
 * import { SessionActions } from 'coatcheck/http';
 * const actions = new SessionActions(manager, guardResult, effects, { ip, userAgent });
 * const { csrfToken } = await actions.login({ userId: 'alice' });
 * ```
 */
export class SessionActions {
  #session: Session | null;
  #token: string | null;

  constructor(
    readonly manager: SessionManager,
    state: { session: Session | null; token: string | null },
    readonly effects: ResponseEffects,
    readonly context: EventContext = {},
  ) {
    this.#session = state.session;
    this.#token = state.token;
  }

  /** The current session, or null. */
  get session(): Session | null {
    return this.#session;
  }

  /** Signs in: revokes the session the request carried, starts a new one, sets its cookie. */
  async login<Data extends SessionData>(input: {
    userId: string;
    data?: Data;
  }): Promise<{ session: Session<Data>; csrfToken: string }> {
    requireSecrets(this.manager); // before anything is written: no session without its CSRF token
    const issued = await this.manager.login(input, this.#token, this.context);
    this.#adopt(issued.session, issued.token, issued.cookie);
    return { session: issued.session, csrfToken: await this.csrfToken() };
  }

  /** Rotates the token (privilege change; `reauthenticated` on step-up); the old one dies. */
  async regenerate(options: { reauthenticated?: boolean } = {}): Promise<{ csrfToken: string }> {
    requireSecrets(this.manager);
    const issued = await this.manager.regenerate(this.#requireToken(), options, this.context);
    this.#adopt(issued.session, issued.token, issued.cookie);
    return { csrfToken: await this.csrfToken() };
  }

  /** Signs out this device and clears the cookie with identical attributes. */
  async logout(): Promise<boolean> {
    // The guard proved this request's token moments ago: end that session by id instead of
    // reading and checking it a second time (one store round trip less per logout).
    const revoked = this.#session
      ? await this.manager.revoke(this.#session.id, { reason: 'logout' }, this.context)
      : (await this.manager.logout(this.#token, this.context)).revoked;
    this.effects.cookie(this.manager.clearCookie());
    const clearSiteData = coreOf(this.manager).options.clearSiteData;
    if (clearSiteData) this.effects.header('Clear-Site-Data', clearSiteData);
    this.#session = null;
    this.#token = null;
    return revoked;
  }

  /** The signed-in user's devices, marking this one. */
  list(): Promise<SessionInfo[]> {
    const session = this.#require();
    return this.manager.list(session.userId, session.id);
  }

  /** The signed-in user's security activity, newest first (see `SessionManager.activity`). */
  activity(query: ActivityPageQuery = {}): Promise<ActivityPage> {
    return this.manager.activity(this.#require().userId, query);
  }

  /** Ends one of the signed-in user's sessions; false if it is not theirs (or gone). */
  async revoke(sessionId: string): Promise<boolean> {
    const session = this.#require();
    if (sessionId === session.id) return this.logout();
    const by = { userId: session.userId, actorSessionId: session.id };
    return this.manager.revoke(sessionId, by, this.context);
  }

  /** Ends every other session of the signed-in user. */
  revokeOthers(): Promise<number> {
    const session = this.#require();
    return this.manager.revokeAll(session.userId, { except: session.id }, this.context);
  }

  /** Ends every session of the signed-in user, this one included. */
  async revokeAll(): Promise<number> {
    const session = this.#require();
    const count = await this.manager.revokeAll(session.userId, {}, this.context);
    this.effects.cookie(this.manager.clearCookie());
    this.#session = null;
    this.#token = null;
    return count;
  }

  /**
   * Read-modify-write of the session's data; resolves with what `change` returned. Parallel
   * requests of one session are queued in this process (no conflict, no lost update); the session
   * this request sees afterwards is the stored result, this change included.
   */
  async update<Data extends SessionData>(change: (data: Data) => Data): Promise<Data> {
    const session = this.#require();
    // The data this request already read starts the queue when nothing newer is known: one store
    // write, no read, when nobody raced us.
    const written = await queueDataUpdate(coreOf(this.manager), session.id, change, {
      start: { version: session.version, data: session.data },
    });
    this.#session = { ...session, data: written.stored, version: written.version };
    return written.data;
  }

  /** The CSRF token for the current session (bound to it; rotates with it). */
  async csrfToken(): Promise<string> {
    return createCsrfToken(requireSecrets(this.manager), this.#require().id);
  }

  #adopt(session: Session, token: string, cookie: CookieToSet): void {
    this.#session = session;
    this.#token = token;
    this.effects.cookie(cookie);
  }

  #require(): Session {
    if (!this.#session) throw new SessionError('ERR_NO_SESSION', 'Not signed in');
    return this.#session;
  }

  #requireToken(): string {
    this.#require();
    return this.#token!;
  }
}
