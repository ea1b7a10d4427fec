// Tenant isolation for /v1: a service key may belong to an app. That app's users live in their
// own namespace in the store (`<app>:<userId>`), so its sessions are listed, revoked, counted
// against the per-user limit and validated apart from every other app's, with no extra store call
// on the validate path. Operator keys (no app) see the raw namespace.

import { appRelativeUserId, appUserKey, coreOf, isValidUserId } from '../core/gateway.js';
import type { SessionManager } from '../core/manager.js';
import type { Session } from '../core/session.js';
import { SessionError } from '../errors.js';
import type { TokenService } from '../tokens/service.js';
import { parseServiceKeys } from './service-keys.js';

/** Stored ids of this form are an app's users: `<app>:<userId>`, app names as in service keys. */
const APP_NAMESPACE = /^[a-z][a-z0-9-]{0,31}:/;

function invalidUserId(message: string): SessionError {
  return new SessionError('ERR_INPUT_INVALID', `"userId": ${message}`);
}

/**
 * The user id as stored for an app's user (an operator's is stored as given). The core's limit
 * applies to the stored id, so an app's ids are checked here after the prefix, like the schema.
 */
export function storedUserId(app: string | null, userId: string): string {
  const stored = appUserKey(app, userId);
  const room = 256 - (stored.length - userId.length);
  if (!isValidUserId(stored)) {
    throw invalidUserId(`1-${room} characters with no control characters for this key`);
  }
  return stored;
}

/**
 * The stored id of a new session. Raw and app namespaces never overlap: an operator key may list
 * and revoke an app's users (`billing:alice`) but never create one, so a raw id can never become
 * another app's user.
 */
export function newStoredUserId(app: string | null, userId: string): string {
  if (app === null && APP_NAMESPACE.test(userId)) {
    throw invalidUserId("'<app>:' ids belong to apps; create them with the app's key");
  }
  return storedUserId(app, userId);
}

/** The app's own user id for a stored one, or null when the session is not the app's. */
export function appUserId(app: string | null, stored: string): string | null {
  return appRelativeUserId(app, stored);
}

/**
 * Refuses, at start, service keys of an app whose access tokens would carry the service's own
 * audience (`COATCHECK_APP_AUDIENCE`): the service's verifiers would accept that app's tokens.
 */
export function checkAppAudiences(
  tokens: Pick<TokenService, 'audienceFor'>,
  entries: readonly string[],
): void {
  for (const { app } of parseServiceKeys(entries)) if (app !== null) tokens.audienceFor(app);
}

/** The binding refresh-token families carry, so one app's refresh token is refused by another. */
export function refreshBinding(app: string | null): string {
  return app === null ? '' : `app:${app}`;
}

/** A session as the service API shows it to an app (no secret hash; the app's own user id). */
export function publicSession(app: string | null, s: Session): Record<string, unknown> | null {
  const userId = appUserId(app, s.userId);
  if (userId === null) return null;
  return {
    id: s.id,
    userId,
    data: s.data,
    version: s.version,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    idleExpiresAt: s.idleExpiresAt,
    absoluteExpiresAt: s.absoluteExpiresAt,
    authTime: s.authTime,
    meta: s.meta,
  };
}

/** True when the session exists and belongs to the app (one store read). */
export async function appOwnsSession(
  sessions: SessionManager,
  app: string | null,
  id: string,
): Promise<boolean> {
  const record = await coreOf(sessions).store('get', (s) => s.get(id));
  return record !== null && appUserId(app, record.userId) !== null;
}
