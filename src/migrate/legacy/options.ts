import type { SessionManager } from '../../core/manager.js';
import type { MappedLegacySession } from './claim.js';
import type { LegacyCookieFormat } from './signed-cookie.js';

/** Where legacy sessions live: connect-redis, or any express-session store, behind two calls. */
export interface LegacySessionSource {
  get(sid: string): Promise<unknown | null>;
  destroy(sid: string): Promise<void>;
}

export interface LegacyMigrationOptions {
  manager: SessionManager;
  /** The legacy `secret` (string or list, as express-session or @fastify/session had it), newest first. */
  legacySecrets: readonly string[];
  /** Which library made the cookies. Default `express-session`. */
  format?: LegacyCookieFormat;
  /** @fastify/session's `cookiePrefix`, if the application set one. */
  cookiePrefix?: string;
  /**
   * The legacy store, read on a request's first visit. Leave it out after `coatcheck migrate
   * legacy` has imported every session: cookies are then mapped by their claim alone (lookup
   * mode) and the legacy store is never touched.
   */
  source?: LegacySessionSource;
  /** Turns a legacy session into a coatcheck user and data; null refuses it. Needed with `source`. */
  map?(legacy: unknown): MappedLegacySession | null;
  /** Legacy cookies are refused after this time. */
  until: Date;
  /** Set false to switch the legacy path off. Default true. */
  enabled?: boolean;
}
