import { isSessionError, type SessionErrorCode } from '../errors.js';

/** A code's place on the wire: the HTTP status it is answered with and its default message. */
export interface ErrorCodeInfo {
  status: number;
  message: string;
}

/**
 * Every error code with its HTTP status and default message: the one table every adapter and the
 * service answer from. `clients/python/coatcheck_client/error_codes.json` is this table as data
 * (`npm run gen:error-codes`), and the Python client's exceptions follow it.
 *
 * @example
 * ```ts
 * import { ERROR_CODES } from 'coatcheck/http';
 * ERROR_CODES.ERR_SESSION_LIMIT.status; // 429
 * ```
 */
export const ERROR_CODES: Readonly<Record<SessionErrorCode, ErrorCodeInfo>> = {
  ERR_NO_SESSION: { status: 401, message: 'Sign in first' },
  ERR_TOKEN_INVALID: { status: 401, message: 'No valid session' },
  ERR_SESSION_EXPIRED: { status: 401, message: 'The session has expired' },
  ERR_SESSION_REVOKED: { status: 401, message: 'The session was revoked' },
  ERR_TOKEN_REUSED: { status: 401, message: 'The token was already used' },
  ERR_DPOP_INVALID: { status: 401, message: 'invalid_dpop_proof' },
  ERR_DPOP_NONCE: { status: 401, message: 'use_dpop_nonce' },
  ERR_REAUTH_REQUIRED: { status: 401, message: 'Sign in again to continue' },
  ERR_DECRYPT_FAILED: { status: 401, message: 'No valid session' },
  ERR_UNAUTHORIZED: { status: 401, message: 'Authentication required' },
  ERR_BAD_CREDENTIALS: { status: 401, message: 'Wrong user or password' },
  ERR_CSRF_TOKEN_MISSING: { status: 403, message: 'A CSRF token is required (X-CSRF-Token header)' },
  ERR_CSRF_REJECTED: { status: 403, message: 'The CSRF token is not valid for this session' },
  ERR_CROSS_ORIGIN: { status: 403, message: 'Cross-origin request refused' },
  ERR_FORBIDDEN: { status: 403, message: 'Forbidden' },
  ERR_NOT_FOUND: { status: 404, message: 'Not found' },
  ERR_VERSION_CONFLICT: { status: 409, message: 'The session changed meanwhile: read it again' },
  ERR_SESSION_EXISTS: { status: 409, message: 'The session already exists' },
  ERR_SESSION_LIMIT: { status: 429, message: 'Too many sessions for this user' },
  ERR_RATE_LIMITED: { status: 429, message: 'Too many failed attempts: wait and try again' },
  ERR_BAD_REQUEST: { status: 400, message: 'Bad request' },
  ERR_INPUT_INVALID: { status: 400, message: 'Invalid input' },
  ERR_DATA_INVALID: { status: 400, message: 'Invalid session data' },
  ERR_COOKIE_TOO_LARGE: { status: 400, message: 'The session cookie would be too large' },
  ERR_BODY_TOO_LARGE: { status: 413, message: 'Body too large' },
  ERR_STORE_UNAVAILABLE: { status: 503, message: 'Session store unavailable' },
  ERR_CONFIG_INVALID: { status: 500, message: 'Internal error' },
  ERR_CONFIG_WEAK: { status: 500, message: 'Internal error' },
  ERR_INTERNAL: { status: 500, message: 'Internal error' },
};

/** The JSON error body every coatcheck endpoint answers with. */
export interface ErrorBody {
  error: { code: SessionErrorCode; message: string };
}

/** An HTTP refusal any adapter can write: status, extra headers, and the JSON error body. */
export interface HttpRefusal {
  status: number;
  body: ErrorBody;
  headers?: Readonly<Record<string, string>>;
}

/**
 * The one way a JSON error body is built: the code, and its default message unless a more
 * specific one is given. Messages never carry a token, cookie or key.
 *
 * @example
 * ```ts
 * import { errorBody } from 'coatcheck/http';
 * res.status(401).json(errorBody('ERR_BAD_CREDENTIALS'));
 * ```
 */
export function errorBody(code: SessionErrorCode, message?: string): ErrorBody {
  return { error: { code, message: message ?? ERROR_CODES[code].message } };
}

/**
 * A code's refusal: its status from {@link ERROR_CODES} and its body.
 *
 * @example
 * ```ts
 * import { refusal } from 'coatcheck/http';
 * const { status, body } = refusal('ERR_NO_SESSION');
 * ```
 */
export function refusal(
  code: SessionErrorCode,
  message?: string,
  headers?: Readonly<Record<string, string>>,
): HttpRefusal {
  const answer: HttpRefusal = { status: ERROR_CODES[code].status, body: errorBody(code, message) };
  if (headers) answer.headers = headers;
  return answer;
}

/**
 * The answer to a framework's own client error (a malformed body, a body over the limit): its 4xx
 * status, `ERR_BODY_TOO_LARGE` for a 413 and `ERR_BAD_REQUEST` otherwise.
 *
 * @example
 * ```ts
 * import { clientErrorRefusal } from 'coatcheck/http';
 * const { status, body } = clientErrorRefusal(413);
 * ```
 */
export function clientErrorRefusal(status: number): HttpRefusal {
  return { status, body: errorBody(status === 413 ? 'ERR_BODY_TOO_LARGE' : 'ERR_BAD_REQUEST') };
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
  if (!isSessionError(error)) return refusal('ERR_INTERNAL');
  const { status } = ERROR_CODES[error.code];
  // A 5xx says nothing more than its default: config details and what the store did ("Redis did
  // not answer within N ms") are the operator's business and stay in the log (`store.unavailable`
  // carries them). A 4xx keeps the message it was raised with, which never holds a secret.
  return refusal(error.code, status >= 500 ? undefined : error.message);
}
