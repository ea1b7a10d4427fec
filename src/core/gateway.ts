/**
 * @internal The one door into a session manager for the rest of coatcheck (tokens, keys, http,
 * adapters, migration, the service): the fail-closed store gateway, the keyring, the events and the
 * clock, and the few core steps that migration and the express-session bridge reuse. Not exported
 * from any package entry point.
 */
import { type ManagerContext, managerContext } from './context.js';
import type { SessionManager } from './manager.js';

export { recordActivity } from './activity.js';
export { APP_NAME, appRelativeUserId, appUserKey, isAppName } from './app-users.js';
export type { ManagerContext } from './context.js';
export { queueDataUpdate } from './data.js';
export { decodeData } from './data-codec.js';
export { needsTouch, storeExpiry } from './expiry.js';
export { createSession, isValidUserId } from './issue.js';
export { notBeforeDocument, raiseNotBefore, readNotBefore } from './not-before.js';
export type { ResolvedOptions } from './options.js';
export { buildRecord } from './records.js';
export type { IssuedSession } from './results.js';

/** @internal A manager's store gateway, keyring, events and clock. */
export function coreOf(manager: SessionManager): ManagerContext {
  return manager[managerContext];
}
