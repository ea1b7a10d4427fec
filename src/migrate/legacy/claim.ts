import type { SessionData } from '../../core/session.js';
import type { Keyring } from '../../keys/keyring.js';
import { createSealer } from '../../keys/sealer.js';

/**
 * The claim document of one legacy session, `legacy:<derived id>`, lives for the migration window.
 * Its value is one of:
 * - `claimed:<lease end>|<value before>`: a request is migrating it right now (others wait, never
 *   create a second session). The lease ends after {@link CLAIM_LEASE_MS}: a process that died
 *   mid-way cannot block the session for the whole window, and the value before (an imported
 *   payload) comes back;
 * - `released`: an attempt failed half-way; the next request may try again;
 * - `imported:<sealed>`: the bulk import mapped it; the first request turns it into a session;
 * - `user:<userId>`: migrated; the derived token names the session.
 */
export type ClaimState =
  | { state: 'free' }
  | { state: 'claimed' }
  | { state: 'imported'; sealed: string }
  | { state: 'migrated'; userId: string };

const CLAIMED = 'claimed:';
export const RELEASED = 'released';
/** How long a request may hold a claim. Longer than any migration takes; a store call is bounded. */
export const CLAIM_LEASE_MS = 10_000;
const MIGRATED = 'user:';
const IMPORTED = 'imported:';

export function claimName(core: string): string {
  return `legacy:${core}`;
}

export function parseClaim(value: string | undefined, now: number): ClaimState {
  if (value === undefined || value === RELEASED) return { state: 'free' };
  if (value.startsWith(CLAIMED)) {
    const bar = value.indexOf('|');
    const leaseEnd = Number(value.slice(CLAIMED.length, bar));
    if (bar > 0 && now < leaseEnd) return { state: 'claimed' };
    // An abandoned claim: what it replaced is what the next request takes over.
    return parseClaim(bar > 0 && bar < value.length - 1 ? value.slice(bar + 1) : undefined, now);
  }
  if (value.startsWith(MIGRATED)) return { state: 'migrated', userId: value.slice(MIGRATED.length) };
  if (value.startsWith(IMPORTED)) return { state: 'imported', sealed: value };
  return { state: 'free' };
}

/** The claim a request writes while it migrates; it keeps an imported payload it replaces. */
export function heldClaim(now: number, state: ClaimState): string {
  return `${CLAIMED}${now + CLAIM_LEASE_MS}|${state.state === 'imported' ? state.sealed : ''}`;
}

export function migratedClaim(userId: string): string {
  return `${MIGRATED}${userId}`;
}

/** What the application's mapping makes of a legacy session. */
export interface MappedLegacySession {
  userId: string;
  data?: SessionData;
}

// The imported payload holds the user's session data: sealed like session data at rest, and bound
// to its claim so a value cannot be moved to another legacy session.
const sealer = createSealer({
  purpose: 'legacy',
  prefix: `${IMPORTED}$l1.`,
  label: 'legacy-import',
  failure: 'Imported legacy session could not be opened',
});

export async function importedClaim(
  keyring: Keyring,
  name: string,
  mapped: MappedLegacySession,
): Promise<string> {
  return sealer.seal(keyring, JSON.stringify({ u: mapped.userId, d: mapped.data ?? {} }), name);
}

export async function openImported(
  keyring: Keyring,
  name: string,
  sealed: string,
): Promise<MappedLegacySession> {
  const { plaintext } = await sealer.open(keyring, sealed, name);
  const parsed = JSON.parse(plaintext) as { u: string; d: SessionData };
  return { userId: parsed.u, data: parsed.d };
}
