import { SessionError } from '../errors.js';
import type { StoreGateway } from '../stores/gateway.js';

const PREFIX = 'coatcheck:not-before:v1:';
const MAX_ATTEMPTS = 5;

// A user's not-before time is a fact about the user, not about JWTs: the core raises it when it
// ends everything of a user, the token layer reads it when it verifies an access token.

/** Long enough to outlive any access token (at most 1 h plus leeway) issued before it was raised. */
export const NOT_BEFORE_TTL_SECONDS = 2 * 3600;

/** The store document holding a user's not-before time (ms): tokens issued earlier are dead. */
export function notBeforeDocument(userId: string): string {
  return `${PREFIX}${userId}`;
}

/** One read: the user's not-before time in ms, or 0. */
export async function readNotBefore(store: StoreGateway, userId: string): Promise<number> {
  const doc = await store('getDocument', (s) => s.getDocument(notBeforeDocument(userId)));
  const value = doc ? Number(doc.value) : 0;
  return Number.isFinite(value) ? value : Number.MAX_SAFE_INTEGER;
}

/** Raises (never lowers) a user's not-before time with a compare-and-set; lives `ttlSeconds`. */
export async function raiseNotBefore(
  store: StoreGateway,
  userId: string,
  at: number,
  ttlSeconds: number,
): Promise<void> {
  const name = notBeforeDocument(userId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const doc = await store('getDocument', (s) => s.getDocument(name));
    if (doc && Number(doc.value) >= at) return;
    if (await store('putDocument', (s) => s.putDocument(name, String(at), doc?.version ?? null, ttlSeconds)))
      return;
  }
  throw new SessionError('ERR_VERSION_CONFLICT', 'The not-before time changed concurrently; retry');
}
