import type { StoredRefreshFamily } from '../../stores/types.js';
import { splitBinding } from '../dpop/binding.js';
import { hashMatches } from './token.js';

/** Refresh policy in milliseconds. */
export interface RefreshPolicy {
  /** How long the immediate predecessor is still answered after a rotation (0–60 s). */
  graceMs: number;
  /** How many times the predecessor is answered inside the window. */
  maxGraceUses: number;
  /** Idle lifetime: a family unused this long ends. Never beyond the absolute lifetime. */
  idleMs: number;
}

/**
 * What a presented secret means for its family:
 * - `current`: rotate to the next generation;
 * - `grace`: the immediate predecessor inside the window: answer with the same successor;
 * - `busy`: the predecessor inside the window, but its retries are spent: refuse, retryable, no revoke;
 * - `expired`: the family's idle or absolute lifetime is over;
 * - `wrong-key`: the family is bound to a DPoP key and the request did not prove possession of
 *   it: refused, and the family lives on (the holder of the key must not lose it to a thief);
 * - `reuse`: anything else (an older generation, the predecessor after the window, another
 *   tenant binding): the token was stolen or replayed, and the family must die.
 * Only called for a token whose issuance tag is valid, so a made-up secret never gets here.
 */
export type RefreshDecision = 'current' | 'grace' | 'busy' | 'expired' | 'wrong-key' | 'reuse';

export function decide(
  family: StoredRefreshFamily,
  presentedHash: string,
  binding: string,
  now: number,
  policy: RefreshPolicy,
): RefreshDecision {
  if (now >= family.expiresAt || now >= family.absoluteExpiresAt) return 'expired';
  const stored = splitBinding(family.binding);
  const presented = splitBinding(binding);
  if (stored.base !== presented.base) return 'reuse';
  if (stored.jkt !== presented.jkt) return 'wrong-key';
  if (hashMatches(presentedHash, family.currentHash)) return 'current';
  if (!hashMatches(presentedHash, family.previousHash)) return 'reuse';
  if (now - family.rotatedAt > policy.graceMs) return 'reuse';
  return family.graceUses < policy.maxGraceUses ? 'grace' : 'busy';
}

/** The family after rotating to `nextHash`: the absolute expiry never moves. */
export function rotated(
  family: StoredRefreshFamily,
  nextHash: string,
  now: number,
  policy: RefreshPolicy,
): StoredRefreshFamily {
  return {
    ...family,
    previousHash: family.currentHash,
    currentHash: nextHash,
    generation: family.generation + 1,
    rotatedAt: now,
    graceUses: 0,
    expiresAt: Math.min(now + policy.idleMs, family.absoluteExpiresAt),
  };
}
