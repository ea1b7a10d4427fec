import { SessionError } from '../errors.js';
import { isSessionId } from '../tokens/session-token.js';
import type { ManagerContext } from './context.js';
import { encodeData } from './data-codec.js';
import { toSession } from './records.js';
import type { Session, SessionData } from './session.js';

/** Compare-and-set of session data on its version; returns the new version. */
export async function setSessionData<Data extends SessionData>(
  c: ManagerContext,
  session: Pick<Session, 'id' | 'version'>,
  data: Data,
): Promise<number> {
  if (!isSessionId(session.id)) throw ended();
  const encoded = await encodeData(c.options, data, session.id, session.version + 1);
  const result = await c.store('updateData', (s) => s.updateData(session.id, session.version, encoded));
  if (result === 'conflict')
    throw new SessionError('ERR_VERSION_CONFLICT', 'Session data changed concurrently');
  if (result === 'missing') throw ended();
  return session.version + 1;
}

/** Read-modify-write that retries on conflict, so parallel requests lose no update. */
export async function updateSessionData<Data extends SessionData>(
  c: ManagerContext,
  sessionId: string,
  update: (data: Data) => Data,
  maxAttempts: number,
): Promise<Data> {
  if (!isSessionId(sessionId)) throw ended();
  for (let attempt = 1; ; attempt++) {
    const record = await c.store('get', (s) => s.get(sessionId));
    if (!record) throw ended();
    const session = await toSession<Data>(c.options, record);
    const next = update(structuredClone(session.data));
    try {
      await setSessionData(c, session, next);
      return next;
    } catch (error) {
      const conflict = error instanceof SessionError && error.code === 'ERR_VERSION_CONFLICT';
      if (!conflict || attempt >= maxAttempts) throw error;
      // Jittered backoff spreads writers that collided, so the next round mostly succeeds.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
    }
  }
}

// A malformed id names no session: the same answer as one that ended, without a store call.
function ended(): SessionError {
  return new SessionError('ERR_SESSION_REVOKED', 'The session has ended');
}
