import { needsTouch, storeExpiry } from '../../core/expiry.js';
import type { ResolvedOptions } from '../../core/options.js';
import type { StoredRefreshFamily } from '../../stores/types.js';

/**
 * One store read: the family's session must still exist, belong to the same user and be inside its
 * idle and absolute lifetimes. A refresh counts as activity, so it slides the session's idle expiry
 * (a throttled write, as for cookie requests).
 */
export async function sessionAlive(
  options: ResolvedOptions,
  family: StoredRefreshFamily,
  now: number,
): Promise<boolean> {
  const record = await options.store.get(family.sessionId);
  if (!record || record.userId !== family.userId) return false;
  if (now >= record.absoluteExpiresAt || now >= record.lastSeenAt + options.idleMs) return false;
  if (!needsTouch(options, record, now)) return true;
  return options.store.touch(record.id, now, storeExpiry(options, now, record.absoluteExpiresAt));
}
