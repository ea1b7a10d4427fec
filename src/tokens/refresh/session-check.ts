import { type ManagerContext, needsTouch, storeExpiry } from '../../core/gateway.js';
import type { StoredRefreshFamily } from '../../stores/types.js';

/**
 * One store read: the family's session must still exist, belong to the same user and be inside its
 * idle and absolute lifetimes. A refresh counts as activity, so it slides the session's idle expiry
 * (a throttled write, as for cookie requests).
 */
export async function sessionAlive(
  core: ManagerContext,
  family: StoredRefreshFamily,
  now: number,
): Promise<boolean> {
  const options = core.options;
  const record = await core.store('get', (s) => s.get(family.sessionId));
  if (!record || record.userId !== family.userId) return false;
  if (now >= record.absoluteExpiresAt || now >= record.lastSeenAt + options.idleMs) return false;
  if (!needsTouch(options, record, now)) return true;
  const expiresAt = storeExpiry(options, now, record.absoluteExpiresAt);
  return core.store('touch', (s) => s.touch(record.id, now, expiresAt));
}
