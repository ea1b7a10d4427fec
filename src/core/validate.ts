import type { EventContext, ValidationFailure } from '../events/types.js';
import { parseSessionToken, secretMatches } from '../session-id/session-token.js';
import type { StoredSession } from '../stores/types.js';
import { activityEntry, activityWrite } from './activity.js';
import type { ManagerContext } from './context.js';
import { clearSessionCookie } from './cookies.js';
import { expiryVerdict, needsTouch, storeExpiry } from './expiry.js';
import { toSession } from './records.js';
import { failureCode, type NoSession, type ValidateResult } from './results.js';
import type { Session, SessionData } from './session.js';

/** Format check, one store read, constant-time secret check, expiry policy, throttled touch. */
export async function validateToken<Data extends SessionData>(
  c: ManagerContext,
  token: string | null | undefined,
  ctx: EventContext,
): Promise<ValidateResult<Data>> {
  if (token === null || token === undefined || token === '') return noSession(c, 'absent', ctx);
  const parsed = parseSessionToken(token);
  if (!parsed) return noSession(c, 'malformed', ctx);
  const record = await c.store('get', (s) => s.get(parsed.id));
  if (!record) return noSession(c, 'unknown', ctx, parsed.id);
  if (!(await secretMatches(parsed.secret, record.secretHash)))
    return noSession(c, 'secret-mismatch', ctx, parsed.id);
  const now = c.now();
  const verdict = expiryVerdict(c.options, record, now);
  if (verdict !== 'live') return expired(c, record, verdict, ctx);
  let session: Session<Data>;
  try {
    session = await toSession<Data>(c.options, record);
  } catch {
    return noSession(c, 'decrypt-failed', ctx, record.id);
  }
  if (!needsTouch(c.options, record, now)) return { session, touched: false };
  const expiresAt = storeExpiry(c.options, now, record.absoluteExpiresAt);
  if (!(await c.store('touch', (s) => s.touch(record.id, now, expiresAt))))
    return noSession(c, 'unknown', ctx, record.id);
  session.lastSeenAt = now;
  session.idleExpiresAt = now + c.options.idleMs;
  return { session, touched: true };
}

async function expired(
  c: ManagerContext,
  record: StoredSession,
  verdict: 'idle' | 'absolute',
  ctx: EventContext,
): Promise<NoSession> {
  // This delete is already a write (a session the store has not yet dropped); its entry rides in it.
  const entry = activityEntry(c, { type: 'session-expired', actor: 'system', session: record });
  await c.store('delete', (s) => s.delete(record.id, activityWrite(c, record.userId, [entry])));
  c.emit({ type: 'session.expired', sessionId: record.id, userId: record.userId, reason: verdict }, ctx);
  return noSession(c, verdict === 'idle' ? 'idle-expired' : 'absolute-expired', ctx, record.id, false);
}

function noSession(
  c: ManagerContext,
  reason: NoSession['reason'],
  ctx: EventContext,
  sessionId?: string,
  emit = true,
): NoSession {
  if (emit && reason !== 'absent') {
    c.emit({ type: 'session.validation_failed', reason: reason as ValidationFailure, sessionId }, ctx);
  }
  const cookie = reason === 'absent' ? null : clearSessionCookie(c.options);
  return { session: null, reason, code: failureCode(reason), cookie };
}
