import type { StoredSession } from '../stores/types.js';
import type { ResolvedOptions } from './options.js';

export type ExpiryVerdict = 'live' | 'idle' | 'absolute';

/** Decides on the server clock whether a stored session is still usable. */
export function expiryVerdict(options: ResolvedOptions, stored: StoredSession, now: number): ExpiryVerdict {
  if (now >= stored.absoluteExpiresAt) return 'absolute';
  if (now >= stored.lastSeenAt + options.idleMs) return 'idle';
  return 'live';
}

/** When the store may forget the session if it is not used again. */
export function storeExpiry(options: ResolvedOptions, lastSeenAt: number, absoluteExpiresAt: number): number {
  return Math.min(lastSeenAt + options.idleMs, absoluteExpiresAt);
}

/**
 * Sliding expiry with throttled writes: only write when the last write is older than touchAfter,
 * so a read on a fresh session costs one store read and no write.
 */
export function needsTouch(options: ResolvedOptions, stored: StoredSession, now: number): boolean {
  return now - stored.lastSeenAt >= options.touchAfterMs && stored.expiresAt < stored.absoluteExpiresAt;
}
