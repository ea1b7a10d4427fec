// The two mechanical steps every store's activity write shares (no policy: the manager decides
// what the entries say).
import type { ActivityInput, StoredActivity, StoredSession } from './types.js';

/** A per-deleted template filled from the deleted record. */
export function fromDeleted(template: ActivityInput, s: StoredSession): ActivityInput {
  return { ...template, sessionId: s.id, device: s.meta.device, ip: s.meta.ip };
}

/** True when the log has sign-ins and none from this device and network. */
export function isUnseen(entries: readonly StoredActivity[], unseen: ActivityInput): boolean {
  const signIns = entries.filter((e) => e.network !== undefined);
  return (
    signIns.length > 0 && !signIns.some((e) => e.network === unseen.network && e.device === unseen.device)
  );
}
