// The curated public surface of `coatcheck`. Only our own names; nothing from a dependency.
export { type CookieLookup, findCookie, MAX_COOKIE_HEADER_BYTES } from './cookies/parse.js';
export {
  type CookieAttributes,
  type CookieToSet,
  MAX_COOKIE_BYTES,
  serializeCookie,
} from './cookies/serialize.js';
export {
  type ActedBy,
  type ActivityActor,
  type ActivityEntry,
  type ActivityPage,
  type ActivityPageQuery,
  type ActivityType,
  type CreateInput,
  createSessionManager,
  type EverythingEnded,
  type NewDeviceSignIn,
  type RevokeOptions,
  SessionManager,
} from './core/manager.js';
export {
  DEFAULT_ABSOLUTE_TIMEOUT_SECONDS,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_MAX_SESSIONS_PER_USER,
  type PrivacyOptions,
  type ResolvedOptions,
  type SessionCookieOptions,
  type SessionManagerOptions,
} from './core/options.js';
export type { IssuedSession, NoSession, ValidateResult, ValidSession } from './core/results.js';
export type { Session, SessionData, SessionInfo } from './core/session.js';
export {
  type CrossOriginOptions,
  type CrossOriginRequest,
  type CrossOriginVerdict,
  createCrossOriginCheck,
} from './csrf/cross-origin.js';
export { createCsrfToken, verifyCsrfToken } from './csrf/token.js';
export { isSessionError, SessionError, type SessionErrorCode } from './errors.js';
export { EventBus, type EventInput } from './events/emitter.js';
export type {
  EventContext,
  EventSink,
  RevokeReason,
  SessionEvent,
  SessionEventType,
  ValidationFailure,
} from './events/types.js';
export { type KeyPurpose, Keyring } from './keys/keyring.js';
export type { Clock } from './lib/clock.js';
export type { Duration } from './lib/duration.js';
export { lazyStore } from './stores/lazy.js';
export type {
  ActivityBounds,
  ActivityInput,
  ActivityQuery,
  ActivityWrite,
  CreateResult,
  NamedDocument,
  ScanPage,
  SessionLimit,
  SessionMeta,
  SessionStore,
  StoredActivity,
  StoredDocument,
  StoredRefreshFamily,
  StoredSession,
  UpdateResult,
} from './stores/types.js';
