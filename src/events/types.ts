/** Why a session ended. */
export type RevokeReason =
  | 'logout'
  | 'revoked'
  | 'revoke-all'
  | 'revoke-others'
  | 'limit-evicted'
  | 'admin'
  | 'refresh-reuse'
  | 'regenerated';

/** Why a presented token was not accepted. */
export type ValidationFailure =
  | 'malformed'
  | 'unknown'
  | 'secret-mismatch'
  | 'idle-expired'
  | 'absolute-expired'
  | 'duplicate-cookie'
  | 'decrypt-failed';

/** Request facts the adapters pass along, so events carry who and where (SECURITY.md LG-1). */
export interface EventContext {
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

/**
 * Every auth event coatcheck emits. Sessions are named by their public handle (`sessionId`), never
 * by a token; no event carries a token, cookie or key.
 */
export type SessionEvent = EventContext & { at: string } & (
    | { type: 'session.created'; sessionId: string; userId: string }
    | { type: 'session.rotated'; sessionId: string; previousSessionId: string; userId: string }
    | { type: 'session.revoked'; sessionId: string; userId: string; reason: RevokeReason }
    | { type: 'session.expired'; sessionId: string; userId: string; reason: 'idle' | 'absolute' }
    | { type: 'session.validation_failed'; reason: ValidationFailure; sessionId?: string | undefined }
    | { type: 'session.limit_rejected'; userId: string }
    /** A sign-in from a device name and network not in the user's recent activity. */
    | { type: 'session.new_device'; sessionId: string; userId: string; device?: string | undefined }
    /** Every session and access token of a user ended at once (`sessions.endEverything`). */
    | { type: 'user.everything_ended'; userId: string; sessions: number; reason: string }
    | { type: 'login.failed'; userId: string; reason: 'bad-credentials' }
    /** `operation` names the store call; `ms` is how long it ran before failing (a timeout or a refusal);
     * `detail` is what the store said, for the log only (a client never sees it). */
    | { type: 'store.unavailable'; operation: string; ms: number; detail?: string }
    | { type: 'request.failed'; code: string; error: string; message: string }
    | { type: 'refresh.rotated'; familyId: string; sessionId: string; userId: string; generation: number }
    | { type: 'refresh.reuse_detected'; familyId: string; sessionId: string; userId: string }
    | { type: 'refresh.rejected'; reason: string; familyId?: string | undefined }
    | { type: 'csrf.rejected'; reason: string; method: string; path?: string | undefined }
    | { type: 'token.invalid'; reason: string }
    | { type: 'key.rotated'; kid: string; purpose: string }
    | { type: 'legacy.migrated'; sessionId: string; userId: string }
    | { type: 'legacy.already_migrated'; sessionId: string; userId: string }
    | { type: 'legacy.imported'; userId: string }
    | { type: 'legacy.rejected'; reason: string }
  );

export type SessionEventType = SessionEvent['type'];

/** Receives events; a sink that throws or rejects never breaks a request. */
export type EventSink = (event: SessionEvent) => void | Promise<void>;
