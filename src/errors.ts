/**
 * Stable error codes: every code coatcheck raises or answers on the wire. Callers branch on
 * `code`, never on `message`. Each code's HTTP status and default message are in `ERROR_CODES`
 * (`coatcheck/http`), and `clients/python/coatcheck_client/error_codes.json` is generated from it.
 */
export type SessionErrorCode =
  | 'ERR_NO_SESSION'
  | 'ERR_TOKEN_INVALID'
  | 'ERR_SESSION_EXPIRED'
  | 'ERR_SESSION_REVOKED'
  | 'ERR_VERSION_CONFLICT'
  | 'ERR_SESSION_LIMIT'
  | 'ERR_SESSION_EXISTS'
  | 'ERR_REAUTH_REQUIRED'
  | 'ERR_STORE_UNAVAILABLE'
  | 'ERR_DATA_INVALID'
  | 'ERR_DECRYPT_FAILED'
  | 'ERR_CONFIG_INVALID'
  | 'ERR_CONFIG_WEAK'
  | 'ERR_COOKIE_TOO_LARGE'
  | 'ERR_CSRF_TOKEN_MISSING'
  | 'ERR_CSRF_REJECTED'
  | 'ERR_CROSS_ORIGIN'
  | 'ERR_TOKEN_REUSED'
  | 'ERR_DPOP_INVALID'
  | 'ERR_DPOP_NONCE'
  | 'ERR_FORBIDDEN'
  | 'ERR_NOT_FOUND'
  | 'ERR_BAD_REQUEST'
  | 'ERR_INPUT_INVALID'
  | 'ERR_BODY_TOO_LARGE'
  | 'ERR_UNAUTHORIZED'
  | 'ERR_BAD_CREDENTIALS'
  | 'ERR_RATE_LIMITED'
  | 'ERR_INTERNAL';

/**
 * The one error base of coatcheck. Messages are generic and never contain a token, cookie or key.
 *
 * @example
 * ```ts
 * import { SessionError, type Session, type SessionManager } from 'coatcheck';
 * declare const manager: SessionManager;
 * declare const session: Session;
 * try {
 *   await manager.setData(session, { theme: 'dark' });
 * } catch (error) {
 *   // Someone else wrote first: read the session again and retry (or use `updateData`).
 *   if (error instanceof SessionError && error.code === 'ERR_VERSION_CONFLICT') console.info('retry');
 * }
 * ```
 */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly code: SessionErrorCode;

  constructor(code: SessionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `error` is a {@link SessionError}, optionally with the given code. */
export function isSessionError(error: unknown, code?: SessionErrorCode): error is SessionError {
  return error instanceof SessionError && (code === undefined || error.code === code);
}

/** Wraps a store failure so that callers fail closed with one typed code. */
export function storeUnavailable(cause: unknown): SessionError {
  if (isSessionError(cause, 'ERR_STORE_UNAVAILABLE')) return cause;
  return new SessionError('ERR_STORE_UNAVAILABLE', 'The session store is unavailable', { cause });
}
