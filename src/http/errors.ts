import { isSessionError, type SessionErrorCode } from '../errors.js';

/** The one table from error codes to HTTP statuses, shared by every adapter and the service. */
export const STATUS_BY_CODE: Readonly<Record<SessionErrorCode, number>> = {
  ERR_NO_SESSION: 401,
  ERR_TOKEN_INVALID: 401,
  ERR_SESSION_EXPIRED: 401,
  ERR_SESSION_REVOKED: 401,
  ERR_TOKEN_REUSED: 401,
  ERR_REAUTH_REQUIRED: 401,
  ERR_CSRF_REJECTED: 403,
  ERR_CROSS_ORIGIN: 403,
  ERR_FORBIDDEN: 403,
  ERR_NOT_FOUND: 404,
  ERR_VERSION_CONFLICT: 409,
  ERR_SESSION_LIMIT: 429,
  ERR_SESSION_EXISTS: 409,
  ERR_BAD_REQUEST: 400,
  ERR_INPUT_INVALID: 400,
  ERR_DATA_INVALID: 400,
  ERR_COOKIE_TOO_LARGE: 400,
  ERR_DECRYPT_FAILED: 401,
  ERR_STORE_UNAVAILABLE: 503,
  ERR_CONFIG_INVALID: 500,
  ERR_CONFIG_WEAK: 500,
};

/** The JSON error body every coatcheck endpoint answers with. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * Maps any thrown value to a status and a generic body. Unknown errors become a 500 with no
 * detail: stacks and driver messages never reach a client.
 *
 * @example
 * ```ts
 * import { toHttpError } from 'coatcheck/http';
 * const { status, body } = toHttpError(error);
 * return Response.json(body, { status });
 * ```
 */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (isSessionError(error)) {
    const status = STATUS_BY_CODE[error.code];
    const message =
      status >= 500 && error.code !== 'ERR_STORE_UNAVAILABLE' ? 'Internal error' : error.message;
    return { status, body: { error: { code: error.code, message } } };
  }
  return { status: 500, body: { error: { code: 'ERR_INTERNAL', message: 'Internal error' } } };
}
