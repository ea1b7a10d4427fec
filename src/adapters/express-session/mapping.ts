import type { SessionMeta } from '../../stores/types.js';

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
