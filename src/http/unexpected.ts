import { isSessionError } from '../errors.js';
import type { EventBus } from '../events/emitter.js';
import type { EventContext } from '../events/types.js';
import { ERROR_CODES } from './errors.js';

// An error can pass through more than one handler (a framework's and ours): log it once.
const reported = new WeakSet<object>();
const MAX_MESSAGE = 300;

/**
 * Logs an error an adapter answers with a 500, once: through the manager's event sinks as a
 * `request.failed` event when there are any, else with `console.error`. Only the code, the
 * error's name and its (truncated) message are logged, never the request, a cookie or a token.
 * Refusals (4xx) and store outages (already a `store.unavailable` event) are not logged here.
 *
 * @example
 * ```ts
 * import { EventBus } from 'coatcheck';
 * import { reportUnexpected } from 'coatcheck/http';
 * const events = new EventBus([(event) => console.log(JSON.stringify(event))]);
 * reportUnexpected(new Error('boom'), events, { ip: '192.0.2.1' });
 * ```
 */
export function reportUnexpected(error: unknown, events?: EventBus, ctx: EventContext = {}): void {
  if (isSessionError(error) && ERROR_CODES[error.code].status !== 500) return;
  if (typeof error === 'object' && error !== null) {
    if (reported.has(error)) return;
    reported.add(error);
  }
  const code = isSessionError(error) ? error.code : 'ERR_INTERNAL';
  const name = error instanceof Error ? error.name : typeof error;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE);
  if (events?.listening) events.emit({ type: 'request.failed', code, error: name, message }, ctx);
  else console.error(`coatcheck: request failed: ${code} ${name}: ${message}`);
}
