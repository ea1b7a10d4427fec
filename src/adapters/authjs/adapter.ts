import type { Adapter, AdapterSession, AdapterUser } from '@auth/core/adapters';
import { coreOf } from '../../core/gateway.js';
import { SealedDocuments } from './documents.js';
import type { AuthjsSessions } from './sessions.js';
import { AuthjsUsers } from './users.js';
import { AuthjsVerificationTokens } from './verification-tokens.js';

type SessionMethods = Required<
  Pick<Adapter, 'createSession' | 'getSessionAndUser' | 'updateSession' | 'deleteSession'>
>;

// The four session methods every mode shares; `getUser` finds the user of a live session.
function sessionMethods(
  sessions: AuthjsSessions,
  getUser: (id: string) => Promise<AdapterUser | null>,
): SessionMethods {
  return {
    createSession: (session) => sessions.create(session),
    async getSessionAndUser(sessionToken): Promise<{ session: AdapterSession; user: AdapterUser } | null> {
      const session = await sessions.find(sessionToken);
      const user = session && (await getUser(session.userId));
      return session && user ? { session, user } : null;
    },
    updateSession: (session) => sessions.update(session),
    deleteSession: (sessionToken) => sessions.delete(sessionToken),
  };
}

/**
 * An Auth.js adapter whose database sessions are coatcheck sessions, on top of the adapter the
 * app already has for users, accounts and verification tokens (Prisma, Drizzle, …): only the
 * session methods change, and deleting a user also ends their sessions.
 *
 * @example
 * ```ts
 * import NextAuth from 'next-auth';
 * import { PrismaAdapter } from '@auth/prisma-adapter';
 * import { AuthjsSessions, withCoatcheckSessions } from 'coatcheck/adapters/authjs';
 * const sessions = new AuthjsSessions({ manager });
 * export const { auth, handlers } = NextAuth({
 *   adapter: withCoatcheckSessions(PrismaAdapter(prisma), sessions),
 *   session: { strategy: 'database' },
 * });
 * ```
 */
export function withCoatcheckSessions(adapter: Adapter, sessions: AuthjsSessions): Adapter {
  const getUser = adapter.getUser?.bind(adapter);
  return {
    ...adapter,
    ...sessionMethods(sessions, async (id) => (getUser ? await getUser(id) : null)),
    async deleteUser(userId) {
      const deleted = (await adapter.deleteUser?.(userId)) as AdapterUser | null | undefined;
      await sessions.revokeAll(userId);
      return deleted;
    },
  };
}

/**
 * A complete Auth.js adapter on coatcheck's store alone (for apps whose only database is Redis,
 * as with Auth.js's Redis adapters): users, linked accounts and verification tokens are sealed
 * store documents, sessions are coatcheck sessions. WebAuthn authenticators are not kept.
 *
 * @example
 * ```ts
 * import NextAuth from 'next-auth';
 * import { AuthjsSessions, CoatcheckAdapter } from 'coatcheck/adapters/authjs';
 * const sessions = new AuthjsSessions({ manager });
 * export const { auth, handlers } = NextAuth({ adapter: CoatcheckAdapter(sessions), session: { strategy: 'database' } });
 * ```
 */
export function CoatcheckAdapter(sessions: AuthjsSessions): Adapter {
  const docs = new SealedDocuments(coreOf(sessions.manager));
  const users = new AuthjsUsers(docs);
  const tokens = new AuthjsVerificationTokens(docs);
  return {
    createUser: (user) => users.createUser(user),
    getUser: (id) => users.getUser(id),
    getUserByEmail: (email) => users.getUserByEmail(email),
    getUserByAccount: (key) => users.getUserByAccount(key),
    updateUser: (user) => users.updateUser(user),
    async deleteUser(userId) {
      const deleted = await users.deleteUser(userId);
      await sessions.revokeAll(userId);
      return deleted;
    },
    linkAccount: (account) => users.linkAccount(account),
    unlinkAccount: (key) => users.unlinkAccount(key),
    getAccount: (providerAccountId, provider) => users.getAccount(providerAccountId, provider),
    ...sessionMethods(sessions, (id) => users.getUser(id)),
    createVerificationToken: (token) => tokens.create(token),
    useVerificationToken: (params) => tokens.use(params),
  };
}
