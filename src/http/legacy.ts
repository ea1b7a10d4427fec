import { findCookie } from '../cookies/parse.js';
import { serializeCookie } from '../cookies/serialize.js';
import type { Session } from '../core/session.js';
import type { EventContext } from '../events/types.js';
import type { LegacyMigration, LegacyOutcome } from '../migrate/legacy/migrator.js';

/**
 * The adapters' `legacy` option: a migration from `createLegacyMigration` (`coatcheck/migrate`),
 * and the legacy cookie's name when it is not the library's default (`connect.sid` for
 * express-session, `sessionId` for @fastify/session).
 */
export interface LegacyOption {
  cookieName?: string;
  migrate: LegacyMigration | ((cookieValue: string, ctx?: EventContext) => Promise<LegacyOutcome>);
}

/** The request facts the migration step needs. */
export interface LegacyRequest {
  method: string;
  cookie: string | readonly string[] | null | undefined;
  context: EventContext;
}

/**
 * The migration step every adapter runs for a request without a coatcheck session: the legacy
 * cookie, if valid, becomes a coatcheck session, and the legacy cookie is expired so the browser
 * stops sending it. Only on GET and HEAD: an unsafe request that carries only a legacy cookie was
 * not held to the CSRF-token check, so it stays signed out (the next page load migrates it).
 */
export async function migrateLegacyRequest(
  legacy: LegacyOption,
  request: LegacyRequest,
  setCookie: (cookie: { header: string }) => void,
): Promise<{ session: Session; token: string } | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const name =
    legacy.cookieName ?? ('cookieName' in legacy.migrate ? legacy.migrate.cookieName : 'connect.sid');
  const found = findCookie(request.cookie, name);
  if (found.status !== 'found') return null;
  const outcome = await legacy.migrate(found.value, request.context);
  setCookie(
    serializeCookie(name, '', { secure: false, httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 0 }),
  );
  if (outcome.status === 'refused') return null;
  setCookie(outcome.issued.cookie);
  return { session: outcome.issued.session, token: outcome.issued.token };
}
