// The error answers of the service's own HTTP layer, from the one error vocabulary
// (`refusal` / `toHttpError` in src/http/errors.ts): only the serialising happens here.
import { type HttpRefusal, refusal, toHttpError } from '../../http/errors.js';
import type { Reply } from './context.js';

/** A refusal as an answer: its JSON body, never cached. */
export function refusalReply({ status, body, headers }: HttpRefusal): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** The answer for a thrown value: the shared status table, never a stack or a driver message. */
export const thrownReply = (error: unknown): Reply => refusalReply(toHttpError(error));

export const unauthorized = (): Reply =>
  refusalReply(
    refusal('ERR_UNAUTHORIZED', 'A valid service key is required', { 'www-authenticate': 'Bearer' }),
  );
export const notFound = (): Reply => refusalReply(refusal('ERR_NOT_FOUND'));
export const bodyTooLarge = (): Reply => refusalReply(refusal('ERR_BODY_TOO_LARGE'));
