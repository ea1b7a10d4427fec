import type { Clock } from '../../lib/clock.js';
import type { StoredActivity, StoredDocument, StoredRefreshFamily, StoredSession } from '../types.js';

/** One user's log: newest first, the last sequence number handed out, and when it may go. */
export interface MemoryLog {
  seq: number;
  entries: StoredActivity[];
  expiresAt: number;
}

export interface Expiring {
  expiresAt: number;
}

/** The memory store's state, shared by its per-area files; expiry is read from the injected clock. */
export class MemoryContext {
  readonly sessions = new Map<string, StoredSession>();
  readonly byUser = new Map<string, Set<string>>();
  readonly families = new Map<string, StoredRefreshFamily>();
  readonly documents = new Map<string, StoredDocument & Expiring>();
  /** Activity logs by user id (bounded per user by every write). */
  readonly activity = new Map<string, MemoryLog>();
  writesSinceSweep = 0;

  constructor(readonly clock: Clock) {}

  /** The entry if it has not expired, else null (expired entries are never seen). */
  live<T extends Expiring>(entry: T | undefined): T | null {
    return entry && entry.expiresAt > this.clock.now() ? entry : null;
  }

  /** Drops a session and its entry in the per-user index (expired or not). */
  removeSession(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    const ids = this.byUser.get(session.userId);
    ids?.delete(id);
    if (ids?.size === 0) this.byUser.delete(session.userId);
  }
}

// Every field is a primitive except meta; a shallow copy is enough and ~10× cheaper than
// structuredClone on the request path.
export function copySession(session: StoredSession): StoredSession {
  return { ...session, meta: { ...session.meta } };
}
