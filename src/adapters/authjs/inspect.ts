import type { AdapterAccount, AdapterSession, AdapterUser, VerificationToken } from '@auth/core/adapters';
import { coreOf } from '../../core/gateway.js';
import { SealedDocuments } from './documents.js';
import type { AuthjsSessions } from './sessions.js';

/** What {@link inspectAuthjsStore} reads. */
export interface AuthjsStoreReader {
  session(sessionToken: string): Promise<(AdapterSession & { id: string }) | null>;
  user(id: string): Promise<AdapterUser | null>;
  account(key: { provider: string; providerAccountId: string }): Promise<AdapterAccount | null>;
  /** A verification token as stored, without spending it. */
  verificationToken(key: { identifier: string; token: string }): Promise<VerificationToken | null>;
}

/**
 * Reads what `CoatcheckAdapter` stored, straight from the store and with no side effect (a
 * verification token is not spent): for tests, such as the `db` functions of Auth.js's adapter
 * test suite, and for audits.
 *
 * @example
 * ```ts
 * import { AuthjsSessions, CoatcheckAdapter, inspectAuthjsStore } from 'coatcheck/adapters/authjs';
 * const sessions = new AuthjsSessions({ manager });
 * runBasicTests({ adapter: CoatcheckAdapter(sessions), db: inspectAuthjsStore(sessions) });
 * ```
 */
export function inspectAuthjsStore(sessions: AuthjsSessions): AuthjsStoreReader {
  const docs = new SealedDocuments(coreOf(sessions.manager));
  const read = async <T>(kind: string, ...parts: string[]): Promise<T | null> =>
    (await docs.read<T>(await docs.name(kind, ...parts))).value;
  return {
    session: async (sessionToken) =>
      (await sessions.find(sessionToken)) as (AdapterSession & { id: string }) | null,
    user: (id) => read<AdapterUser>('u', id),
    account: (key) => read<AdapterAccount>('a', key.provider, key.providerAccountId),
    verificationToken: (key) => read<VerificationToken>('v', key.identifier, key.token),
  };
}
