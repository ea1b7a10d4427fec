import type { NextFunction, Request, Response } from 'express';
import { coreOf } from '../../core/gateway.js';
import { isSessionError } from '../../errors.js';
import { clientErrorRefusal, toHttpError } from '../../http/errors.js';
import { reportUnexpected } from '../../http/unexpected.js';
import { sendRefusal } from './respond.js';

/**
 * Express error handler for coatcheck errors: the shared status table, generic messages, never a
 * stack trace. An unexpected error (a 500) is logged once through the manager's event sinks, or
 * with `console.error` when there are none. Mount it last.
 *
 * @example
 * ```ts
 * import { sessionErrors } from 'coatcheck/adapters/express';
 * app.use(sessionErrors());
 * ```
 */
export function sessionErrors(): (error: unknown, req: Request, res: Response, next: NextFunction) => void {
  return function coatcheckErrorHandler(
    error: unknown,
    req: Request,
    res: Response,
    _next: NextFunction,
  ): void {
    const clientStatus = clientErrorStatus(error);
    if (clientStatus) {
      sendRefusal(res, clientErrorRefusal(clientStatus));
      return;
    }
    const answer = toHttpError(error);
    if (answer.status === 500) {
      const actions = req.coatcheck as typeof req.coatcheck | undefined;
      reportUnexpected(error, actions ? coreOf(actions.manager).events : undefined, actions?.context);
    }
    sendRefusal(res, answer);
  };
}

// body-parser (malformed JSON, too large) and other HTTP-aware middleware mark client errors with
// a 4xx `status` and `expose: true`; those stay 4xx rather than becoming a 500.
function clientErrorStatus(error: unknown): number | undefined {
  if (isSessionError(error) || typeof error !== 'object' || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}
