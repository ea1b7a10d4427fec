import { type ManagerContext, managerContext } from '../../core/context.js';
import { createSession } from '../../core/issue.js';
import type { SessionManager } from '../../core/manager.js';
import type { IssuedSession } from '../../core/results.js';
import type { SessionData } from '../../core/session.js';
import { SessionError } from '../../errors.js';
import type { EventContext } from '../../events/types.js';
import { deriveMigratedToken } from './derive.js';
import { legacyKeys, unsignLegacyCookie } from './signed-cookie.js';

/** Where legacy sessions live: connect-redis, or any express-session store, behind two calls. */
export interface LegacySessionSource {
  get(sid: string): Promise<unknown | null>;
  destroy(sid: string): Promise<void>;
}

export interface LegacyMigrationOptions {
  manager: SessionManager;
  /** express-session's `secret` (string or list), newest first. */
  legacySecrets: readonly string[];
  /** The legacy store; omit after a bulk import, when cookies are mapped by lookup alone. */
  source?: LegacySessionSource;
  /** Turns a legacy session into a coatcheck user and data; null refuses it (e.g. no user). */
  map(legacy: unknown): { userId: string; data?: SessionData } | null;
  /** Legacy cookies are refused after this time. */
  until: Date;
  /** Set false to switch the legacy path off without a deploy of other code. Default true. */
  enabled?: boolean;
}

export type LegacyOutcome =
  | { status: 'migrated' | 'already-migrated'; issued: IssuedSession; legacySid: string }
  | { status: 'refused'; reason: 'disabled' | 'window-closed' | 'bad-signature' | 'unknown' | 'unmapped' };

/**
 * Turns a request's legacy express-session cookie into a coatcheck session, exactly once, without
 * logging the user out. The adapter calls it only when the request has no coatcheck session.
 *
 * @example
 * ```ts
 * import { createLegacyMigration } from 'coatcheck/migrate';
 * const migrate = createLegacyMigration({ manager, legacySecrets: [oldSecret], source, until, map });
 * const outcome = await migrate(req.cookies['connect.sid']);
 * ```
 */
export function createLegacyMigration(
  options: LegacyMigrationOptions,
): (cookieValue: string, ctx?: EventContext) => Promise<LegacyOutcome> {
  const keys = legacyKeys(options.legacySecrets);
  const c = options.manager[managerContext];
  const keyring = c.options.keyring;
  if (!keyring) throw new SessionError('ERR_CONFIG_INVALID', 'Legacy migration needs secrets');
  if (keys.length === 0)
    throw new SessionError('ERR_CONFIG_INVALID', 'Legacy migration needs the legacy secrets');

  return async function migrateLegacyCookie(
    cookieValue: string,
    ctx: EventContext = {},
  ): Promise<LegacyOutcome> {
    const refuse = (reason: Extract<LegacyOutcome, { status: 'refused' }>['reason']): LegacyOutcome => {
      c.emit({ type: 'legacy.rejected', reason }, ctx);
      return { status: 'refused', reason };
    };
    if (options.enabled === false) return refuse('disabled');
    if (c.now() >= options.until.getTime()) return refuse('window-closed');
    const sid = await unsignLegacyCookie(cookieValue, keys);
    if (!sid) return refuse('bad-signature');
    const minted = await deriveMigratedToken(keyring, sid);
    const existing = await options.manager.validate(minted.token, ctx);
    if (existing.session) {
      const issued = reissue(options.manager, minted.token, existing.session);
      return { status: 'already-migrated', issued, legacySid: sid };
    }
    const claim = `legacy:${minted.id}`;
    const ttl = Math.max(1, Math.ceil((options.until.getTime() - c.now()) / 1000));
    if (!(await takeClaim(c, claim, ttl))) return waitForWinner(options.manager, minted.token, sid, refuse);
    try {
      const legacy = options.source ? await options.source.get(sid) : null;
      const mapped = legacy === null ? null : options.map(legacy);
      if (!mapped) return refuse(legacy === null ? 'unknown' : 'unmapped');
      const issued = await createSession(c, { userId: mapped.userId, data: mapped.data ?? {} }, ctx, minted);
      await options.source?.destroy(sid);
      c.emit({ type: 'legacy.migrated', sessionId: issued.session.id, userId: issued.session.userId }, ctx);
      return { status: 'migrated', issued, legacySid: sid };
    } catch (error) {
      // A failure half-way (store or legacy store down) must not block the next attempt forever.
      await c.store('putDocument', (s) => s.putDocument(claim, 'released', 1, ttl)).catch(() => {});
      throw error;
    }
  };
}

// One claim per legacy session for the whole window: taken once, so a session that was migrated
// and then logged out can never be migrated again from a stale legacy cookie.
async function takeClaim(c: ManagerContext, claim: string, ttl: number): Promise<boolean> {
  if (await c.store('putDocument', (s) => s.putDocument(claim, 'claimed', null, ttl))) return true;
  const doc = await c.store('getDocument', (s) => s.getDocument(claim));
  if (doc?.value !== 'released') return false;
  return c.store('putDocument', (s) => s.putDocument(claim, 'claimed', doc.version, ttl));
}

// Another request holds the claim: it is creating the session right now, or the session was
// migrated and has since ended (logout). Look a few times, briefly; never create a second one.
async function waitForWinner(
  manager: SessionManager,
  token: string,
  legacySid: string,
  refuse: (reason: 'unknown') => LegacyOutcome,
): Promise<LegacyOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await manager.validate(token);
    if (found.session)
      return { status: 'already-migrated', issued: reissue(manager, token, found.session), legacySid };
    await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
  }
  return refuse('unknown');
}

function reissue(manager: SessionManager, token: string, session: IssuedSession['session']): IssuedSession {
  return { session, token, cookie: manager.cookieFor(token, session) };
}
