import { createSession, type ManagerContext } from '../../core/gateway.js';
import type { IssuedSession } from '../../core/results.js';
import { isSessionError } from '../../errors.js';
import type { EventContext } from '../../events/types.js';
import { type ClaimState, type MappedLegacySession, migratedClaim, openImported, RELEASED } from './claim.js';
import { migratedToken } from './derive.js';
import type { LegacyMigrationOptions } from './options.js';
import { legacyExpiresAt } from './record.js';

export type Refusal =
  | 'disabled'
  | 'window-closed'
  | 'bad-signature'
  | 'unknown'
  | 'unmapped'
  | 'expired'
  | 'ended';

/** A claim this request holds (it wrote `claimed` at `version`). */
export interface HeldClaim {
  sid: string;
  derived: { core: string; secret: string };
  claim: string;
  ttl: number;
  version: number;
}

/**
 * Turns a held claim into the coatcheck session: from the imported payload, or from the legacy
 * store through the application's mapping. The legacy record is retired once the session exists.
 */
export async function activateClaim(
  c: ManagerContext,
  options: LegacyMigrationOptions,
  held: HeldClaim,
  state: ClaimState,
  ctx: EventContext,
): Promise<IssuedSession | { refused: Refusal }> {
  const put = (value: string): Promise<boolean> =>
    c.store('putDocument', (s) => s.putDocument(held.claim, value, held.version, held.ttl));
  // A failed attempt gives the claim back as it was: an imported payload must not be lost.
  const release = (): Promise<unknown> =>
    put(state.state === 'imported' ? state.sealed : RELEASED).catch(() => {});
  try {
    const found = await mappedSession(c, options, held, state);
    if ('refused' in found) {
      await release();
      return found;
    }
    const minted = await migratedToken(held.derived, found.userId);
    const input = { userId: found.userId, data: found.data ?? {} };
    const issued = await createSession(c, input, ctx, minted).catch(async (error: unknown) => {
      // An earlier attempt created the session and failed before recording it: adopt it.
      if (!isSessionError(error, 'ERR_SESSION_EXISTS')) throw error;
      const existing = await options.manager.validate(minted.token, ctx);
      if (!existing.session) throw error;
      const cookie = options.manager.cookieFor(minted.token, existing.session);
      return { session: existing.session, token: minted.token, cookie };
    });
    await put(migratedClaim(found.userId));
    if (options.source) await options.source.destroy(held.sid);
    return issued;
  } catch (error) {
    // A failure half-way (a store down) must not block the next attempt for the whole window.
    await release();
    throw error;
  }
}

async function mappedSession(
  c: ManagerContext,
  options: LegacyMigrationOptions,
  held: HeldClaim,
  state: ClaimState,
): Promise<MappedLegacySession | { refused: Refusal }> {
  if (state.state === 'imported') {
    try {
      return await openImported(c.keyring!, held.claim, state.sealed);
    } catch {
      return { refused: 'unmapped' };
    }
  }
  const legacy = await options.source!.get(held.sid);
  if (legacy === null || legacy === undefined) return { refused: 'unknown' };
  const expiresAt = legacyExpiresAt(legacy);
  if (expiresAt !== null && expiresAt <= c.now()) return { refused: 'expired' };
  return options.map!(legacy) ?? { refused: 'unmapped' };
}
