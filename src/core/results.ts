import type { CookieToSet } from '../cookies/serialize.js';
import type { SessionErrorCode } from '../errors.js';
import type { ValidationFailure } from '../events/types.js';
import type { Session, SessionData } from './session.js';

/** A new or rotated session, with the token and the cookie the adapter must set. */
export interface IssuedSession<Data extends SessionData = SessionData> {
  session: Session<Data>;
  /** The credential. Hand it to the client once; coatcheck never stores or logs it. */
  token: string;
  cookie: CookieToSet;
}

/**
 * A valid session. There is no cookie to set: the session cookie's lifetime is the absolute
 * expiry, so a sliding touch changes the store record only.
 */
export interface ValidSession<Data extends SessionData = SessionData> {
  session: Session<Data>;
  /** True when this request moved the sliding expiry (one store write). */
  touched: boolean;
}

/** No usable session. `cookie` clears a cookie that was presented but is dead. */
export interface NoSession {
  session: null;
  reason: ValidationFailure | 'absent';
  code: Extract<SessionErrorCode, 'ERR_NO_SESSION' | 'ERR_TOKEN_INVALID' | 'ERR_SESSION_EXPIRED'>;
  cookie: CookieToSet | null;
}

export type ValidateResult<Data extends SessionData = SessionData> = ValidSession<Data> | NoSession;

export function failureCode(reason: NoSession['reason']): NoSession['code'] {
  if (reason === 'absent') return 'ERR_NO_SESSION';
  if (reason === 'idle-expired' || reason === 'absolute-expired') return 'ERR_SESSION_EXPIRED';
  return 'ERR_TOKEN_INVALID';
}
