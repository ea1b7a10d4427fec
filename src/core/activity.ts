import type { ActivityInput, ActivityWrite, StoredSession } from '../stores/types.js';
import type { ManagerContext } from './context.js';
import { networkOf } from './network.js';

/** What an activity entry records, in words a person reads. */
export type ActivityType =
  | 'sign-in'
  | 'sign-out'
  | 'session-revoked'
  | 'session-expired'
  | 'refresh-reuse-detected'
  | 'step-up'
  | 'access-tokens-revoked'
  | 'new-device'
  | 'everything-ended';

/**
 * Who acted: the user in the session concerned, the user from another of their sessions
 * (`actorSessionId` names it), an operator (the service key, the CLI, an admin call), the per-user
 * session limit, or coatcheck itself (expiry, refresh-token reuse).
 */
export type ActivityActor = 'user' | 'other-session' | 'operator' | 'session-limit' | 'system';

/** Who ended a session or everything, as callers of the manager name it. */
export interface ActedBy {
  actor?: ActivityActor | undefined;
  /** The session the user acted from, when it is not the one concerned. */
  actorSessionId?: string | undefined;
}

/** An entry to record: type and actor, and the session it is about (its device and IP). */
interface EntryFacts extends ActedBy {
  type: ActivityType;
  session?: Pick<StoredSession, 'id' | 'meta'> | undefined;
  reason?: string | undefined;
}

/** One entry, built at `now`; the IP and device are those stored on the session. */
export function activityEntry(c: ManagerContext, facts: EntryFacts, now = c.now()): ActivityInput {
  const entry: ActivityInput = { type: facts.type, at: now, actor: actorOf(facts) };
  if (facts.actorSessionId) entry.actorSessionId = facts.actorSessionId;
  if (facts.reason) entry.reason = facts.reason;
  if (facts.session) {
    entry.sessionId = facts.session.id;
    if (facts.session.meta.device) entry.device = facts.session.meta.device;
    if (facts.session.meta.ip) entry.ip = facts.session.meta.ip;
  }
  return entry;
}

/** A write for the store, or undefined when the log is off (or the store keeps none). */
export function activityWrite(
  c: ManagerContext,
  userId: string,
  entries: ActivityInput[],
  more: Pick<ActivityWrite, 'perDeleted' | 'unseen'> = {},
): ActivityWrite | undefined {
  const bounds = c.options.activity;
  if (!bounds) return undefined;
  return { userId, entries, ...more, bounds, now: c.now() };
}

/**
 * The write of a sign-in: the entry, and a `new-device` entry the store appends only if this
 * device and network are not in the user's recent sign-ins.
 */
export function signInWrite(
  c: ManagerContext,
  record: StoredSession,
  now: number,
): ActivityWrite | undefined {
  const signIn = activityEntry(c, { type: 'sign-in', actor: 'user', session: record }, now);
  signIn.network = networkOf(record.meta.ip);
  const unseen = c.options.newDeviceCheck ? { ...signIn, type: 'new-device' } : undefined;
  return activityWrite(c, record.userId, [signIn], { unseen });
}

/**
 * Records one entry on its own, for a change that lives outside the user's sessions (a not-before
 * time lives in a document of its own slot on Redis): one store call after that change.
 */
export async function recordActivity(c: ManagerContext, userId: string, facts: EntryFacts): Promise<void> {
  const write = activityWrite(c, userId, [activityEntry(c, facts)]);
  if (write) await c.store('appendActivity', (s) => s.appendActivity!(write));
}

function actorOf(facts: EntryFacts): ActivityActor {
  if (facts.actor) return facts.actor;
  return facts.actorSessionId ? 'other-session' : 'user';
}
