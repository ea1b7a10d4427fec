// One rule for where an app's (tenant's) users live in the store: `<app>:<userId>`. The service
// stores them so, the token service signs the app-relative id as `sub` with the app in its own
// `app` claim, and a verifier that checks revocation maps the two claims back to the stored id.

/** An app name: 1-32 of `[a-z0-9-]`, starting with a letter (as in `<app>=ck_…` service keys). */
export const APP_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** True for a well-formed app name. */
export function isAppName(value: unknown): value is string {
  return typeof value === 'string' && APP_NAME.test(value);
}

/** The stored user id of an app's user, or the id itself when there is no app. */
export function appUserKey(app: string | null, userId: string): string {
  return app === null ? userId : `${app}:${userId}`;
}

/** The app-relative user id of a stored one, or null when the stored id is not the app's. */
export function appRelativeUserId(app: string | null, stored: string): string | null {
  if (app === null) return stored;
  return stored.startsWith(`${app}:`) ? stored.slice(app.length + 1) : null;
}
