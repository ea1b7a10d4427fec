import { coreOf, type ManagerContext } from '../../core/gateway.js';
import type { IssuedSession } from '../../core/results.js';
import { SessionError } from '../../errors.js';
import type { EventContext } from '../../events/types.js';
import type { Keyring } from '../../keys/keyring.js';
import { activateClaim, type Refusal } from './activate.js';
import { claimName, heldClaim, parseClaim } from './claim.js';
import { legacyDerivations, migratedToken } from './derive.js';
import type { LegacyMigrationOptions } from './options.js';
import { LEGACY_COOKIE_NAMES, legacyKeys, unsignLegacyCookie } from './signed-cookie.js';

export type { LegacyMigrationOptions, LegacySessionSource } from './options.js';

export type LegacyOutcome =
  | { status: 'migrated' | 'already-migrated'; issued: IssuedSession; legacySid: string }
  | { status: 'refused'; reason: Refusal };

/** The migration function, and the legacy cookie name it expects (the adapters read it). */
export type LegacyMigration = ((cookieValue: string, ctx?: EventContext) => Promise<LegacyOutcome>) & {
  readonly cookieName: string;
};

/**
 * Turns a request's legacy express-session or @fastify/session cookie into a coatcheck session,
 * exactly once, without logging the user out. Call it only when the request has no coatcheck session.
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
export function createLegacyMigration(options: LegacyMigrationOptions): LegacyMigration {
  const keys = legacyKeys(options.legacySecrets);
  const format = options.format ?? 'express-session';
  const c = coreOf(options.manager);
  const keyring = c.keyring;
  if (!keyring) throw new SessionError('ERR_CONFIG_INVALID', 'Legacy migration needs secrets');
  if (keys.length === 0)
    throw new SessionError('ERR_CONFIG_INVALID', 'Legacy migration needs the legacy secrets');
  if (options.source && !options.map)
    throw new SessionError('ERR_CONFIG_INVALID', 'Legacy migration from a source needs a map function');

  async function migrateLegacyCookie(cookieValue: string, ctx: EventContext = {}): Promise<LegacyOutcome> {
    const refuse = (reason: Refusal): LegacyOutcome => {
      c.emit({ type: 'legacy.rejected', reason }, ctx);
      return { status: 'refused', reason };
    };
    if (options.enabled === false) return refuse('disabled');
    if (c.now() >= options.until.getTime()) return refuse('window-closed');
    const sid = await unsignLegacyCookie(cookieValue, keys, format, options.cookiePrefix);
    if (!sid) return refuse('bad-signature');
    const derived = await findDerivation(c, keyring!, sid);
    const claim = claimName(derived.core);
    const ttl = Math.max(1, Math.ceil((options.until.getTime() - c.now()) / 1000));
    for (let attempt = 0; attempt < 6; attempt++) {
      const doc = await c.store('getDocument', (s) => s.getDocument(claim));
      const state = parseClaim(doc?.value, c.now());
      if (state.state === 'migrated') {
        const minted = await migratedToken(derived, state.userId);
        const found = await options.manager.validate(minted.token, ctx);
        if (!found.session) return refuse('ended');
        const cookie = options.manager.cookieFor(minted.token, found.session);
        const issued = { session: found.session, token: minted.token, cookie };
        c.emit({ type: 'legacy.already_migrated', sessionId: found.session.id, userId: state.userId }, ctx);
        return { status: 'already-migrated', issued, legacySid: sid };
      }
      if (state.state === 'claimed') {
        // Another request is migrating this session right now: wait for it, never create a second.
        await new Promise((resolve) => setTimeout(resolve, 15 * (attempt + 1)));
        continue;
      }
      if (state.state === 'free' && !options.source) return refuse('unknown');
      const claimed = await c.store('putDocument', (s) =>
        s.putDocument(claim, heldClaim(c.now(), state), doc?.version ?? null, ttl),
      );
      if (!claimed) continue;
      const held = { sid, derived, claim, ttl, version: (doc?.version ?? 0) + 1 };
      const issued = await activateClaim(c, options, held, state, ctx);
      if ('refused' in issued) return refuse(issued.refused);
      c.emit({ type: 'legacy.migrated', sessionId: issued.session.id, userId: issued.session.userId }, ctx);
      return { status: 'migrated', issued, legacySid: sid };
    }
    return refuse('unknown');
  }
  return Object.assign(migrateLegacyCookie, {
    cookieName: LEGACY_COOKIE_NAMES[format],
  });
}

// The claim made under the newest key that has one; the newest key when there is none yet. With
// one secret (the usual case) this costs nothing: no extra read.
async function findDerivation(
  c: ManagerContext,
  keyring: Keyring,
  sid: string,
): Promise<{ core: string; secret: string }> {
  const all = await legacyDerivations(keyring, sid);
  if (all.length > 1) {
    for (const derived of all) {
      if (await c.store('getDocument', (s) => s.getDocument(claimName(derived.core)))) return derived;
    }
  }
  return all[0]!;
}
