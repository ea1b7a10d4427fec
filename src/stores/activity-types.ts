/**
 * The store side of the per-user activity log. Stores keep entries as they are told, with no
 * policy: the manager decides what is recorded, by whom, and for how long (the bounds).
 */

/** One entry as a store keeps it. Text fields never hold control characters. */
export interface StoredActivity {
  /** Increasing per user, assigned by the store: the pagination cursor. */
  seq: number;
  /** What happened, in words (`sign-in`, `session-revoked`, …). */
  type: string;
  /** When, in ms since the epoch. */
  at: number;
  /** Who acted (`user`, `other-session`, `operator`, `session-limit`, `system`). */
  actor: string;
  /** The session that acted, when another session did. */
  actorSessionId?: string | undefined;
  /** A short reason the caller gave (`password-changed`). */
  reason?: string | undefined;
  /** Set on sign-ins only: the network the device signed in from, for the new-device check. */
  network?: string | undefined;
  /** The public handle of the session concerned; never a token. */
  sessionId?: string | undefined;
  device?: string | undefined;
  ip?: string | undefined;
}

/** An entry to append: the store assigns `seq`. */
export type ActivityInput = Omit<StoredActivity, 'seq'>;

/** How much of a user's log a store keeps. */
export interface ActivityBounds {
  maxEntries: number;
  maxAgeMs: number;
}

/** What to append to a user's log, in the same atomic step as the change it records. */
export interface ActivityWrite {
  userId: string;
  /** Appended in order: the last one is the newest. */
  entries: ActivityInput[];
  /**
   * For deletions the caller cannot name beforehand (evictions at the per-user limit, a
   * deleteByUser): one copy per deleted session, appended before `entries`, with `sessionId`,
   * `device` and `ip` filled in by the store from the deleted record.
   */
  perDeleted?: ActivityInput | undefined;
  /**
   * Appended after `entries` only when the log, as it was before this write, holds at least one
   * entry with a `network` and none with this entry's `device` and `network`.
   */
  unseen?: ActivityInput | undefined;
  bounds: ActivityBounds;
  /** The manager's clock: entries older than `now - bounds.maxAgeMs` are dropped. */
  now: number;
}

/** One page of a user's log, newest first. */
export interface ActivityQuery {
  /** Only entries with a smaller `seq`; null or absent for the newest. */
  before?: number | null | undefined;
  limit: number;
  /** Only entries at or after this time (ms). */
  since: number;
}
