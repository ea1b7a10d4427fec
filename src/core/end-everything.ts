import { SessionError } from '../errors.js';
import type { EventContext } from '../events/types.js';
import { type ActedBy, activityEntry, activityWrite } from './activity.js';
import type { ManagerContext } from './context.js';
import { requireValidUserId } from './issue.js';
import { NOT_BEFORE_TTL_SECONDS, raiseNotBefore } from './not-before.js';

/** What ending everything of a user did. */
export interface EverythingEnded {
  /** How many live sessions ended (their refresh-token families die with them). */
  sessions: number;
  /** Access tokens issued before this time (ms) are refused by verifiers that check not-before. */
  notBefore: number;
}

const REASON = /^[a-z0-9][a-z0-9._:-]{0,63}$/;

/**
 * Ends every session of a user (one store step, one activity entry), which also ends every
 * refresh-token family (a family refreshes only while its session lives), then raises the
 * user's not-before time so every access token issued so far is refused.
 */
export async function endEverything(
  c: ManagerContext,
  userId: string,
  reason: string,
  by: ActedBy,
  ctx: EventContext,
): Promise<EverythingEnded> {
  requireValidUserId(userId);
  if (typeof reason !== 'string' || !REASON.test(reason)) {
    throw new SessionError(
      'ERR_BAD_REQUEST',
      'reason must be 1-64 characters: lower-case letters, digits and . _ : - (e.g. password-changed)',
    );
  }
  const entry = activityEntry(c, { type: 'everything-ended', reason, actor: by.actor ?? 'user', ...by });
  const log = activityWrite(c, userId, [entry]);
  const ids = await c.store('deleteByUser', (s) => s.deleteByUser(userId, undefined, log));
  for (const id of ids) c.revoked(id, userId, 'revoke-all', ctx);
  // Raised after the sessions are gone, so no token can be minted from them afterwards. As for
  // `tokens.revokeAccessTokens`, verifiers compare whole seconds (`iat`): a token minted earlier
  // within this same second still passes, and so does a new sign-in's token right after this.
  const notBefore = c.now();
  await raiseNotBefore(c.store, userId, notBefore, NOT_BEFORE_TTL_SECONDS);
  c.emit({ type: 'user.everything_ended', userId, sessions: ids.length, reason }, ctx);
  return { sessions: ids.length, notBefore };
}
