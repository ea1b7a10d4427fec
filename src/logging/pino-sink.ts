import { type DestinationStream, type Logger, pino } from 'pino';
import type { EventContext, EventSink, SessionEvent } from '../events/types.js';

/** Request facts a sink can add to events that were emitted without them (e.g. the service's `/v1`). */
export interface LogContext extends EventContext {
  /** Who acted: a user id, or `service` for a backend calling with a service key. */
  actor?: string | undefined;
}

export interface PinoSinkOptions {
  /** Returns the current request's facts (the service reads them from AsyncLocalStorage). */
  context?: () => LogContext | undefined;
}

/**
 * Fields pino censors wherever they appear: a second line of defence behind events and request
 * lines that never carry them in the first place.
 *
 * @example
 * ```ts
 * import { pino } from 'pino';
 * import { REDACTED_FIELDS } from 'coatcheck/logging';
 * const logger = pino({ redact: { paths: [...REDACTED_FIELDS, 'req.body.otp'], censor: '[redacted]' } });
 * ```
 */
export const REDACTED_FIELDS: readonly string[] = [
  'token',
  'refreshToken',
  'accessToken',
  'csrfToken',
  'cookie',
  'authorization',
  'password',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.cookie',
  '*.authorization',
  '*.password',
  'headers["set-cookie"]',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.headers["set-cookie"]',
];

const WARN: ReadonlySet<SessionEvent['type']> = new Set([
  'refresh.reuse_detected',
  'csrf.rejected',
  'login.failed',
  'session.limit_rejected',
  'legacy.rejected',
]);

/**
 * A pino logger with coatcheck's defaults: one JSON line per entry, `time` in ISO 8601 UTC, and
 * token, cookie, authorization and password fields censored.
 *
 * @example
 * ```ts
 * import { createLogger } from 'coatcheck/logging';
 * const logger = createLogger({ level: 'info' });
 * ```
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED_FIELDS], censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * An event sink that writes each auth event as one JSON line: `time` (UTC), `event` (the type),
 * `actor`, the session handle (`sessionId`, never a token), `ip`, `userAgent`, `requestId` and the
 * event's own fields. JSON encoding escapes CR, LF and every control character, so user-supplied
 * values (user agents, user names) cannot forge a line.
 *
 * @example
 * ```ts
 * import { createSessionManager } from 'coatcheck';
 * import { createLogger, pinoEventSink } from 'coatcheck/logging';
 * const sessions = createSessionManager({ store, secrets, events: [pinoEventSink(createLogger())] });
 * ```
 */
export function pinoEventSink(
  logger: Pick<Logger, 'info' | 'warn' | 'error'>,
  options: PinoSinkOptions = {},
): EventSink {
  return function logEvent(event: SessionEvent): void {
    const { type, at: _at, ...fields } = event;
    const request = options.context?.() ?? {};
    const userId = 'userId' in event ? event.userId : undefined;
    const line = {
      event: type,
      actor: request.actor ?? userId,
      ...fields,
      ip: event.ip ?? request.ip,
      userAgent: event.userAgent ?? request.userAgent,
      requestId: event.requestId ?? request.requestId,
    };
    if (type === 'store.unavailable' || type === 'request.failed') logger.error(line, type);
    else if (WARN.has(type)) logger.warn(line, type);
    else logger.info(line, type);
  };
}
