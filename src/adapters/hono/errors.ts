import type { Context } from 'hono';
import { coreOf } from '../../core/gateway.js';
import { isSessionError } from '../../errors.js';
import { clientErrorRefusal, toHttpError } from '../../http/errors.js';
import { reportUnexpected } from '../../http/unexpected.js';
import type { CoatcheckVariables } from './middleware.js';
import { sendRefusal } from './respond.js';

/**
 * A Hono `onError` handler for coatcheck errors: the shared status table, generic messages,
 * never a stack trace, `Cache-Control: no-store`. Hono's own 4xx (`HTTPException`) stay 4xx. An
 * unexpected error (a 500) is logged once through the manager's event sinks, or with
 * `console.error` when there are none.
 *
 * @example
 * ```ts
 * import { sessionErrors } from 'coatcheck/adapters/hono';
 * app.onError(sessionErrors());
 * ```
 */
export function sessionErrors(): (error: unknown, c: Context) => Response {
  return function coatcheckErrorHandler(error: unknown, c: Context): Response {
    const status = clientErrorStatus(error);
    if (status) {
      return sendRefusal(c, clientErrorRefusal(status));
    }
    const answer = toHttpError(error);
    if (answer.status === 500) {
      const actions = (c as Context<{ Variables: Partial<CoatcheckVariables> }>).get('coatcheck');
      reportUnexpected(error, actions ? coreOf(actions.manager).events : undefined, actions?.context);
    }
    return sendRefusal(c, answer);
  };
}

// Hono's HTTPException (and other HTTP-aware errors) carry a 4xx `status` and a `getResponse`.
function clientErrorStatus(error: unknown): number | undefined {
  if (isSessionError(error) || typeof error !== 'object' || error === null) return undefined;
  const { status, getResponse } = error as { status?: unknown; getResponse?: unknown };
  const http = typeof getResponse === 'function' && typeof status === 'number';
  return http && status >= 400 && status < 500 ? status : undefined;
}
