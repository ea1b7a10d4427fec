import { type ManagerContext, managerContext } from '../../core/context.js';
import { createSession } from '../../core/issue.js';
import type { SessionManager } from '../../core/manager.js';
import type { IssuedSession } from '../../core/results.js';
import type { SessionData } from '../../core/session.js';
import { SessionError } from '../../errors.js';
import type { EventContext } from '../../events/types.js';
import { deriveLegacyCore, migratedToken } from './derive.js';
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
  /** The legacy store. */
  source: LegacySessionSource;
  /** Turns a legacy session into a coatcheck user and data; null refuses it (e.g. no user). */
  map(legacy: unknown): { userId: string; data?: SessionData } | null;
  /** Legacy cookies are refused after this time. */
  until: Date;
  /** Set false to switch the legacy path off. Default true. */
  enabled?: boolean;
}

type Refusal = 'disabled' | 'window-closed' | 'bad-signature' | 'unknown' | 'unmapped' | 'ended';
export type LegacyOutcome =
  | { status: 'migrated' | 'already-migrated'; issued: IssuedSession; legacySid: string }
  | { status: 'refused'; reason: Refusal };

const MIGRATED = 'user:';

/**
 * Turns a request's legacy express-session cookie into a coatcheck session, exactly once, without
 * logging the user out. Call it only when the request has no coatcheck session.
 *
 * A claim document per legacy session (`legacy:<derived id>`) lives for the whole window: it says
 * who is migrating it and, once done, for which user — so parallel requests share one session and a
 * migrated session that later logs out is never migrated again from a stale cookie.
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
    const refuse = (reason: Refusal): LegacyOutcome => {
      c.emit({ type: 'legacy.rejected', reason }, ctx);
      return { status: 'refused', reason };
    };
    if (options.enabled === false) return refuse('disabled');
    if (c.now() >= options.until.getTime()) return refuse('window-closed');
    const sid = await unsignLegacyCookie(cookieValue, keys);
    if (!sid) return refuse('bad-signature');
    const derived = await deriveLegacyCore(keyring, sid);
    const claim = `legacy:${derived.core}`;
    const ttl = Math.max(1, Math.ceil((options.until.getTime() - c.now()) / 1000));
    for (let attempt = 0; attempt < 6; attempt++) {
      const doc = await c.store('getDocument', (s) => s.getDocument(claim));
      if (doc?.value.startsWith(MIGRATED)) {
        const minted = await migratedToken(derived, doc.value.slice(MIGRATED.length));
        const found = await options.manager.validate(minted.token, ctx);
        if (!found.session) return refuse('ended');
        const issued = {
          session: found.session,
          token: minted.token,
          cookie: options.manager.cookieFor(minted.token, found.session),
        };
        return { status: 'already-migrated', issued, legacySid: sid };
      }
      if (doc?.value === 'claimed') {
        // Another request is migrating this session right now: wait for it, never create a second.
        await new Promise((resolve) => setTimeout(resolve, 15 * (attempt + 1)));
        continue;
      }
      const claimed = await c.store('putDocument', (s) =>
        s.putDocument(claim, 'claimed', doc?.version ?? null, ttl),
      );
      if (claimed)
        return migrateClaimed(
          c,
          options,
          { sid, derived, claim, ttl, version: (doc?.version ?? 0) + 1 },
          ctx,
          refuse,
        );
    }
    return refuse('unknown');
  };
}

interface Claim {
  sid: string;
  derived: { core: string; secret: string };
  claim: string;
  ttl: number;
  version: number;
}

async function migrateClaimed(
  c: ManagerContext,
  options: LegacyMigrationOptions,
  { sid, derived, claim, ttl, version }: Claim,
  ctx: EventContext,
  refuse: (reason: Refusal) => LegacyOutcome,
): Promise<LegacyOutcome> {
  const release = (): Promise<unknown> =>
    c.store('putDocument', (s) => s.putDocument(claim, 'released', version, ttl)).catch(() => {});
  try {
    const legacy = await options.source.get(sid);
    const mapped = legacy === null ? null : options.map(legacy);
    if (!mapped) {
      await release();
      return refuse(legacy === null ? 'unknown' : 'unmapped');
    }
    const minted = await migratedToken(derived, mapped.userId);
    const issued = await createSession(c, { userId: mapped.userId, data: mapped.data ?? {} }, ctx, minted);
    await c.store('putDocument', (s) => s.putDocument(claim, `${MIGRATED}${mapped.userId}`, version, ttl));
    await options.source.destroy(sid);
    c.emit({ type: 'legacy.migrated', sessionId: issued.session.id, userId: issued.session.userId }, ctx);
    return { status: 'migrated', issued, legacySid: sid };
  } catch (error) {
    // A failure half-way (a store down) must not block the next attempt for the whole window.
    await release();
    throw error;
  }
}
