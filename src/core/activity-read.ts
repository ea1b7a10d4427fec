import { SessionError } from '../errors.js';
import type { StoredActivity } from '../stores/types.js';
import type { ActivityActor, ActivityType } from './activity.js';
import type { ManagerContext } from './context.js';
import { requireValidUserId } from './issue.js';

/** One entry of a user's activity log. It names sessions by their public handle, never a token. */
export interface ActivityEntry {
  /** The entry's cursor: pass it as `before` to read older entries. */
  id: string;
  type: ActivityType;
  /** When, in ms since the epoch. */
  at: number;
  actor: ActivityActor;
  /** The session the user acted from, when it was another one. */
  actorSessionId?: string | undefined;
  /** The reason given (`everything-ended`), if any. */
  reason?: string | undefined;
  sessionId?: string | undefined;
  /** The device name stored on the session ("Chrome 156 on macOS"), if known. */
  device?: string | undefined;
  /** The IP stored on the session (after the privacy setting), if any. */
  ip?: string | undefined;
}

/** One page of a user's activity, newest first. */
export interface ActivityPage {
  entries: ActivityEntry[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  next: string | null;
}

/** Which page: at most `limit` entries (1–100, default 20) older than the entry `before`. */
export interface ActivityPageQuery {
  limit?: number | undefined;
  before?: string | null | undefined;
}

export const DEFAULT_ACTIVITY_PAGE = 20;
export const MAX_ACTIVITY_PAGE = 100;

export async function readActivity(
  c: ManagerContext,
  userId: string,
  query: ActivityPageQuery,
): Promise<ActivityPage> {
  requireValidUserId(userId);
  const limit = query.limit ?? DEFAULT_ACTIVITY_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ACTIVITY_PAGE) {
    throw new SessionError('ERR_BAD_REQUEST', `limit must be an integer from 1 to ${MAX_ACTIVITY_PAGE}`);
  }
  const before = parseCursor(query.before);
  const bounds = c.options.activity;
  if (!bounds) return { entries: [], next: null };
  const since = c.now() - bounds.maxAgeMs;
  // One entry more than asked says whether there is a next page.
  const stored = await c.store('listActivity', (s) =>
    s.listActivity!(userId, { before, limit: limit + 1, since }),
  );
  const entries = stored.slice(0, limit).map(toEntry);
  return { entries, next: stored.length > limit ? (entries.at(-1)?.id ?? null) : null };
}

function parseCursor(before: string | null | undefined): number | null {
  if (before === undefined || before === null || before === '') return null;
  if (!/^[1-9]\d{0,14}$/.test(before)) {
    throw new SessionError('ERR_BAD_REQUEST', 'before must be the id of an activity entry');
  }
  return Number(before);
}

// Only the public fields: the network kept for the new-device check stays in the store.
function toEntry(e: StoredActivity): ActivityEntry {
  const entry: ActivityEntry = {
    id: String(e.seq),
    type: e.type as ActivityType,
    at: e.at,
    actor: e.actor as ActivityActor,
  };
  for (const name of ['actorSessionId', 'reason', 'sessionId', 'device', 'ip'] as const) {
    if (e[name]) entry[name] = e[name];
  }
  return entry;
}
