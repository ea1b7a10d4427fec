// Tenant isolation for /v1: a service key may belong to an app. That app's users live in their
// own namespace in the store (`<app>:<userId>`), so its sessions are listed, revoked, counted
// against the per-user limit and validated apart from every other app's, with no extra store call
// on the validate path. Operator keys (no app) see the raw namespace.
import { coreOf } from '../core/gateway.js';
import type { SessionManager } from '../core/manager.js';
import type { Session } from '../core/session.js';

/** The user id as stored for an app's user. */
export function storedUserId(app: string | null, userId: string): string {
  return app === null ? userId : `${app}:${userId}`;
}

/** The app's own user id for a stored one, or null when the session is not the app's. */
export function appUserId(app: string | null, stored: string): string | null {
  if (app === null) return stored;
  return stored.startsWith(`${app}:`) ? stored.slice(app.length + 1) : null;
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
