import type { AdapterSession } from '@auth/core/adapters';
import { coreOf, type ManagerContext } from '../../core/gateway.js';
import type { SessionManager } from '../../core/manager.js';
import type { SessionInfo } from '../../core/session.js';
import { SessionError } from '../../errors.js';
import type { SessionMeta, StoredSession } from '../../stores/types.js';
import { handleFor } from '../express-session/pointer.js';
import { deleteRecord, findRecord, insertSession, moveExpiry } from './session-records.js';

/**
 * Options of {@link AuthjsSessions}.
 *
 * @example
 * ```ts
 * import { AuthjsSessions, type AuthjsSessionsOptions } from 'coatcheck/adapters/authjs';
 * const options: AuthjsSessionsOptions = { manager, meta: async () => ({ label: 'web' }) };
 * const sessions = new AuthjsSessions(options);
 * ```
 */
export interface AuthjsSessionsOptions {
  /** A manager with secrets: its store keeps the sessions, its keyring derives their ids. */
  manager: SessionManager;
  /**
   * Device-list metadata for a new session. Auth.js gives an adapter no request, so read it
   * where the framework keeps it (in Next.js: `headers()` from `next/headers`).
   */
  meta?: () => SessionMeta | Promise<SessionMeta>;
}

/**
 * Auth.js database sessions kept as coatcheck sessions. The Auth.js session token is never
 * stored: the record's id is an HMAC of it under the keyring (SM-2), so the sessions show in
 * `manager.list(userId)` and device lists, and a revocation from anywhere (Node, the service, the
 * CLI) ends the Auth.js session at once. A record expires when Auth.js says (`maxAge`, renewed
 * per `updateAge`), never past the manager's absolute lifetime. Store failures reject with
 * `ERR_STORE_UNAVAILABLE`: never read as "no session" (fail closed).
 *
 * @example
 * ```ts
 * import { createSessionManager } from 'coatcheck';
 * import { AuthjsSessions, CoatcheckAdapter } from 'coatcheck/adapters/authjs';
 * const manager = createSessionManager({ store, secrets: process.env.COATCHECK_SECRETS, absoluteTimeout: '30d' });
 * const sessions = new AuthjsSessions({ manager });
 * export const { auth, handlers } = NextAuth({ adapter: CoatcheckAdapter(sessions), session: { strategy: 'database' } });
 * ```
 */
export class AuthjsSessions {
  readonly manager: SessionManager;
  readonly #c: ManagerContext;
  readonly #meta: AuthjsSessionsOptions['meta'];

  constructor(options: AuthjsSessionsOptions) {
    const c = coreOf(options.manager);
    if (!c.keyring)
      throw new SessionError('ERR_CONFIG_INVALID', 'AuthjsSessions needs a manager with secrets');
    this.manager = options.manager;
    this.#c = c;
    this.#meta = options.meta;
  }

  /** Auth.js `createSession`. */
  async create(session: { sessionToken: string; userId: string; expires: Date }): Promise<AdapterSession> {
    const meta = (await this.#meta?.()) ?? {};
    const record = await insertSession(this.#c, session, meta);
    return shown(record, session.sessionToken);
  }

  /** The live session of a token (the session half of Auth.js `getSessionAndUser`), or null. */
  async find(sessionToken: string): Promise<AdapterSession | null> {
    const { record } = await findRecord(this.#c, sessionToken);
    return record && shown(record, sessionToken);
  }

  /** Auth.js `updateSession`: moves the expiry (within the absolute lifetime); null when it ended. */
  async update(
    session: Partial<AdapterSession> & Pick<AdapterSession, 'sessionToken'>,
  ): Promise<AdapterSession | null> {
    const { record } = await findRecord(this.#c, session.sessionToken);
    if (!record) return null;
    if (session.userId !== undefined && session.userId !== record.userId) {
      throw new SessionError('ERR_INPUT_INVALID', 'A session cannot move to another user');
    }
    if (!session.expires) return shown(record, session.sessionToken);
    const expiresAt = await moveExpiry(this.#c, record, session.expires);
    return expiresAt === null ? null : shown({ ...record, expiresAt }, session.sessionToken);
  }

  /** Auth.js `deleteSession` (sign-out): the record is deleted and a logout event emitted. */
  async delete(sessionToken: string): Promise<AdapterSession | null> {
    const { record } = await findRecord(this.#c, sessionToken);
    if (!record) return null;
    await deleteRecord(this.#c, record);
    return shown(record, sessionToken);
  }

  /** The coatcheck session id (the handle in device lists) of an Auth.js session token, or null. */
  async handleOf(sessionToken: string): Promise<string | null> {
    const { at, record } = await findRecord(this.#c, sessionToken);
    return at && record ? handleFor(at, at.userId) : null;
  }

  /** The user's sessions, oldest first, marking the one of `currentSessionToken`. */
  async list(userId: string, currentSessionToken?: string): Promise<SessionInfo[]> {
    const current = currentSessionToken ? await this.handleOf(currentSessionToken) : null;
    return this.manager.list(userId, current ?? undefined);
  }

  /** Ends one of the user's sessions by its handle; Auth.js then finds no session for its token. */
  revoke(userId: string, sessionId: string): Promise<boolean> {
    return this.manager.revoke(sessionId, { userId });
  }

  /** Ends all of the user's sessions, or all but the one of `exceptSessionToken`; returns how many. */
  async revokeAll(userId: string, options: { exceptSessionToken?: string } = {}): Promise<number> {
    const except = options.exceptSessionToken ? await this.handleOf(options.exceptSessionToken) : null;
    return this.manager.revokeAll(userId, except ? { except } : {});
  }
}

function shown(record: StoredSession, sessionToken: string): AdapterSession & { id: string } {
  return { id: record.id, sessionToken, userId: record.userId, expires: new Date(record.expiresAt) };
}
