import { SessionError, storeUnavailable } from '../errors.js';
import type { EventContext, RevokeReason, ValidationFailure } from '../events/types.js';
import { type Duration, toSeconds } from '../lib/duration.js';
import type { SessionMeta, StoredSession } from '../stores/types.js';
import { parseSessionToken, secretMatches } from '../tokens/session-token.js';
import { clearSessionCookie, sessionCookie } from './cookies.js';
import { encodeData } from './data-codec.js';
import { expiryVerdict, needsTouch, storeExpiry } from './expiry.js';
import { type ResolvedOptions, resolveOptions, type SessionManagerOptions } from './options.js';
import { buildRecord, toInfo, toSession } from './records.js';
import { failureCode, type IssuedSession, type NoSession, type ValidateResult } from './results.js';
import type { Session, SessionData, SessionInfo } from './session.js';

/** What a new session starts with. */
export interface CreateInput<Data extends SessionData = SessionData> {
  userId: string;
  data?: Data;
  meta?: SessionMeta;
  /** When the user authenticated; default now. */
  authTime?: number;
}

/**
 * All session policy: creation, validation, rotation, revocation, expiry and limits. It never
 * touches a request or response; adapters read the token and write the cookies it returns.
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
  readonly options: ResolvedOptions;

  constructor(options: SessionManagerOptions) {
    this.options = resolveOptions(options);
  }

  /** The name of the session cookie. */
  get cookieName(): string {
    return this.options.cookieName;
  }

  /** Starts a session. At the per-user limit it evicts the oldest, or throws ERR_SESSION_LIMIT. */
  async create<Data extends SessionData>(
    input: CreateInput<Data>,
    ctx: EventContext = {},
  ): Promise<IssuedSession<Data>> {
    if (typeof input.userId !== 'string' || input.userId.length === 0 || input.userId.length > 256) {
      throw new SessionError(
        'ERR_BAD_REQUEST',
        'userId must be a non-empty string of at most 256 characters',
      );
    }
    const now = this.#now();
    const { token, record } = await buildRecord(this.options, {
      userId: input.userId,
      data: input.data ?? {},
      meta: { ...pickMeta(ctx), ...input.meta },
      now,
      authTime: input.authTime ?? now,
      absoluteExpiresAt: now + this.options.absoluteMs,
    });
    const result = await this.#store('create', (s) => s.create(record, this.options.limit));
    if (!result.created) {
      if (result.reason === 'limit')
        this.#emit({ type: 'session.limit_rejected', userId: input.userId }, ctx);
      throw new SessionError('ERR_SESSION_LIMIT', 'Too many active sessions for this user');
    }
    for (const id of result.evicted) this.#revoked(id, input.userId, 'limit-evicted', ctx);
    this.#emit({ type: 'session.created', sessionId: record.id, userId: record.userId }, ctx);
    return this.#issued<Data>(token, record, now);
  }

  /**
   * Signs a user in: any session the request carried is revoked first (fixation prevention),
   * then a fresh one is created.
   */
  async login<Data extends SessionData>(
    input: CreateInput<Data>,
    previousToken?: string | null,
    ctx: EventContext = {},
  ): Promise<IssuedSession<Data>> {
    const previous = parseSessionToken(previousToken);
    if (previous) {
      const deleted = await this.#store('delete', (s) => s.delete(previous.id));
      if (deleted) this.#revoked(deleted.id, deleted.userId, 'regenerated', ctx);
    }
    return this.create(input, ctx);
  }

  /**
   * Checks a token: format first, then one store read, a constant-time secret check and the
   * expiry policy. A fresh session costs no write. Throws only ERR_STORE_UNAVAILABLE (fail closed).
   */
  async validate<Data extends SessionData>(
    token: string | null | undefined,
    ctx: EventContext = {},
  ): Promise<ValidateResult<Data>> {
    if (token === null || token === undefined || token === '') return this.#noSession('absent', ctx);
    const parsed = parseSessionToken(token);
    if (!parsed) return this.#noSession('malformed', ctx);
    const record = await this.#store('get', (s) => s.get(parsed.id));
    if (!record) return this.#noSession('unknown', ctx, parsed.id);
    if (!(await secretMatches(parsed.secret, record.secretHash))) {
      return this.#noSession('secret-mismatch', ctx, parsed.id);
    }
    const now = this.#now();
    const verdict = expiryVerdict(this.options, record, now);
    if (verdict !== 'live') return this.#expired(record, verdict, ctx);
    let session: Session<Data>;
    try {
      session = await toSession<Data>(this.options, record);
    } catch {
      return this.#noSession('decrypt-failed', ctx, record.id);
    }
    if (!needsTouch(this.options, record, now)) return { session, touched: false, cookie: null };
    const expiresAt = storeExpiry(this.options, now, record.absoluteExpiresAt);
    if (!(await this.#store('touch', (s) => s.touch(record.id, now, expiresAt)))) {
      return this.#noSession('unknown', ctx, record.id);
    }
    session.lastSeenAt = now;
    session.idleExpiresAt = now + this.options.idleMs;
    return { session, touched: true, cookie: null };
  }

  /**
   * Rotates a session's token, keeping its data: the old token is dead the moment this returns.
   * Use on privilege change; pass `reauthenticated` on re-authentication or step-up, which also
   * starts a new absolute lifetime.
   */
  async regenerate<Data extends SessionData>(
    token: string,
    options: { reauthenticated?: boolean } = {},
    ctx: EventContext = {},
  ): Promise<IssuedSession<Data>> {
    const current = await this.validate<Data>(token, ctx);
    if (!current.session) throw new SessionError(current.code, 'No valid session to regenerate');
    const old = current.session;
    const now = this.#now();
    const { token: newToken, record } = await buildRecord(this.options, {
      userId: old.userId,
      data: old.data,
      meta: { ...old.meta, ...pickMeta(ctx) },
      now,
      createdAt: options.reauthenticated ? now : old.createdAt,
      authTime: options.reauthenticated ? now : old.authTime,
      absoluteExpiresAt: options.reauthenticated ? now + this.options.absoluteMs : old.absoluteExpiresAt,
    });
    if (!(await this.#store('replace', (s) => s.replace(old.id, record)))) {
      throw new SessionError('ERR_SESSION_REVOKED', 'The session ended while being regenerated');
    }
    this.#emit(
      { type: 'session.rotated', sessionId: record.id, previousSessionId: old.id, userId: old.userId },
      ctx,
    );
    return this.#issued<Data>(newToken, record, now);
  }

  /** Ends the session a token belongs to; returns the cookie that clears it on the client. */
  async logout(
    token: string | null | undefined,
    ctx: EventContext = {},
  ): Promise<{ revoked: boolean; cookie: ReturnType<typeof clearSessionCookie> }> {
    const parsed = parseSessionToken(token);
    let revoked = false;
    if (parsed) {
      const record = await this.#store('get', (s) => s.get(parsed.id));
      if (record && (await secretMatches(parsed.secret, record.secretHash))) {
        revoked = (await this.#store('delete', (s) => s.delete(record.id))) !== null;
        if (revoked) this.#revoked(record.id, record.userId, 'logout', ctx);
      }
    }
    return { revoked, cookie: clearSessionCookie(this.options) };
  }

  /** Revokes one session by handle. With `userId`, only if it belongs to that user. */
  async revoke(
    sessionId: string,
    options: { userId?: string; reason?: RevokeReason } = {},
    ctx: EventContext = {},
  ): Promise<boolean> {
    if (options.userId !== undefined) {
      const record = await this.#store('get', (s) => s.get(sessionId));
      if (!record || record.userId !== options.userId) return false;
    }
    const deleted = await this.#store('delete', (s) => s.delete(sessionId));
    if (deleted) this.#revoked(deleted.id, deleted.userId, options.reason ?? 'revoked', ctx);
    return deleted !== null;
  }

  /** Revokes all of a user's sessions, or all but `except`; returns how many ended. */
  async revokeAll(
    userId: string,
    options: { except?: string; reason?: RevokeReason } = {},
    ctx: EventContext = {},
  ): Promise<number> {
    const ids = await this.#store('deleteByUser', (s) => s.deleteByUser(userId, options.except));
    const reason = options.reason ?? (options.except ? 'revoke-others' : 'revoke-all');
    for (const id of ids) this.#revoked(id, userId, reason, ctx);
    return ids.length;
  }

  /** A user's live sessions (devices), oldest first, marking `currentSessionId`. */
  async list(userId: string, currentSessionId?: string): Promise<SessionInfo[]> {
    const records = await this.#store('listByUser', (s) => s.listByUser(userId));
    const now = this.#now();
    return records
      .filter((r) => expiryVerdict(this.options, r, now) === 'live')
      .map((r) => toInfo(this.options, r, currentSessionId));
  }

  /**
   * Replaces session data if nobody wrote since `session.version` (compare-and-set); returns the new
   * version. Throws ERR_VERSION_CONFLICT on a concurrent write, ERR_SESSION_REVOKED if it ended.
   */
  async setData<Data extends SessionData>(
    session: Pick<Session, 'id' | 'version'>,
    data: Data,
  ): Promise<number> {
    const encoded = await encodeData(this.options, data, session.id, session.version + 1);
    const result = await this.#store('updateData', (s) => s.updateData(session.id, session.version, encoded));
    if (result === 'conflict')
      throw new SessionError('ERR_VERSION_CONFLICT', 'Session data changed concurrently');
    if (result === 'missing') throw new SessionError('ERR_SESSION_REVOKED', 'The session has ended');
    return session.version + 1;
  }

  /**
   * Read-modify-write of session data that retries on conflict, so concurrent requests never lose
   * each other's updates. `update` must be a pure function of the data it is given.
   */
  async updateData<Data extends SessionData>(
    sessionId: string,
    update: (data: Data) => Data,
    maxAttempts = 8,
  ): Promise<Data> {
    for (let attempt = 1; ; attempt++) {
      const record = await this.#store('get', (s) => s.get(sessionId));
      if (!record) throw new SessionError('ERR_SESSION_REVOKED', 'The session has ended');
      const session = await toSession<Data>(this.options, record);
      const next = update(structuredClone(session.data));
      try {
        await this.setData(session, next);
        return next;
      } catch (error) {
        if (
          !(error instanceof SessionError && error.code === 'ERR_VERSION_CONFLICT') ||
          attempt >= maxAttempts
        )
          throw error;
      }
    }
  }

  /** Step-up guard: throws ERR_REAUTH_REQUIRED unless the user authenticated within `maxAge`. */
  requireRecentAuth(session: Pick<Session, 'authTime'>, maxAge: Duration): void {
    if (this.#now() - session.authTime > toSeconds(maxAge, 'maxAge') * 1000) {
      throw new SessionError('ERR_REAUTH_REQUIRED', 'Recent authentication is required');
    }
  }

  /** The Set-Cookie that clears the session cookie (identical attributes). */
  clearCookie(): ReturnType<typeof clearSessionCookie> {
    return clearSessionCookie(this.options);
  }

  async #issued<Data extends SessionData>(
    token: string,
    record: StoredSession,
    now: number,
  ): Promise<IssuedSession<Data>> {
    const session = await toSession<Data>(this.options, record);
    return { session, token, cookie: sessionCookie(this.options, token, record.absoluteExpiresAt, now) };
  }

  async #expired(record: StoredSession, verdict: 'idle' | 'absolute', ctx: EventContext): Promise<NoSession> {
    await this.#store('delete', (s) => s.delete(record.id));
    this.#emit(
      { type: 'session.expired', sessionId: record.id, userId: record.userId, reason: verdict },
      ctx,
    );
    return this.#noSession(verdict === 'idle' ? 'idle-expired' : 'absolute-expired', ctx, record.id, false);
  }

  #noSession(reason: NoSession['reason'], ctx: EventContext, sessionId?: string, emit = true): NoSession {
    if (emit && reason !== 'absent') {
      this.#emit({ type: 'session.validation_failed', reason: reason as ValidationFailure, sessionId }, ctx);
    }
    const cookie = reason === 'absent' ? null : clearSessionCookie(this.options);
    return { session: null, reason, code: failureCode(reason), cookie };
  }

  #revoked(sessionId: string, userId: string, reason: RevokeReason, ctx: EventContext): void {
    this.#emit({ type: 'session.revoked', sessionId, userId, reason }, ctx);
  }

  #emit(event: Parameters<ResolvedOptions['events']['emit']>[0], ctx: EventContext): void {
    this.options.events.emit(event, ctx, this.#now());
  }

  #now(): number {
    return this.options.clock.now();
  }

  // Every store call goes through here: a failure becomes ERR_STORE_UNAVAILABLE (fail closed).
  async #store<T>(operation: string, call: (store: ResolvedOptions['store']) => Promise<T>): Promise<T> {
    try {
      return await call(this.options.store);
    } catch (error) {
      this.#emit({ type: 'store.unavailable', operation }, {});
      throw storeUnavailable(error);
    }
  }
}

function pickMeta(ctx: EventContext): SessionMeta {
  const meta: SessionMeta = {};
  if (ctx.ip) meta.ip = ctx.ip;
  if (ctx.userAgent) meta.userAgent = ctx.userAgent;
  return meta;
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
