import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { coreOf } from '../../core/gateway.js';
import { isSessionError } from '../../errors.js';
import { clientErrorRefusal, toHttpError } from '../../http/errors.js';
import { reportUnexpected } from '../../http/unexpected.js';
import { sendRefusal } from './respond.js';

/**
 * An error handler for coatcheck errors, opt-in (`app.setErrorHandler(sessionErrors())`): the
 * shared status table, generic messages, never a stack trace, `Cache-Control: no-store`.
 * Fastify's own 4xx (a bad body, a wrong content type) stay 4xx. An unexpected error (a 500) is
 * logged once through the manager's event sinks, or with `console.error` when there are none.
 *
 * @example
 * ```ts
 * import { sessionErrors } from 'coatcheck/adapters/fastify';
 * app.setErrorHandler(sessionErrors());
 * ```
 */
export function sessionErrors(): (
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => FastifyReply {
  return function coatcheckErrorHandler(error, request, reply) {
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    if (!isSessionError(error) && fastifyStatus && fastifyStatus >= 400 && fastifyStatus < 500) {
      return sendRefusal(reply, clientErrorRefusal(fastifyStatus));
    }
    const answer = toHttpError(error);
    if (answer.status === 500) {
      const actions = request.coatcheck as typeof request.coatcheck | null;
      reportUnexpected(error, actions ? coreOf(actions.manager).events : undefined, actions?.context);
    }
    return sendRefusal(reply, answer);
  };
}
