import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogContext } from '../logging/pino-sink.js';

const requests = new AsyncLocalStorage<LogContext>();

/** The facts of the request being served, for events emitted without them (the pino sink reads this). */
export function currentRequest(): LogContext | undefined {
  return requests.getStore();
}

/** Runs `fn` with the request's facts as the current request's. */
export function withRequest<T>(facts: LogContext, fn: () => T): T {
  return requests.run(facts, fn);
}

/** Marks who acts in the current request (e.g. `service` after service-key authentication). */
export function setActor(actor: string): void {
  const store = requests.getStore();
  if (store) store.actor = actor;
}

// A client's X-Request-Id is kept only when it is short and plain, so it cannot smuggle anything.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the client's `X-Request-Id` when it is short and plain, else a new UUID. */
export function requestIdOf(presented: string | undefined): string {
  return presented && CLIENT_REQUEST_ID.test(presented) ? presented : randomUUID();
}

/**
 * The logger of request lines. Unlike the event logger it has no redaction pass (which costs more
 * than the rest of a line): a request line is built from fixed fields, never a header, body or
 * query string, so there is nothing in it to censor.
 */
export function requestLineLogger(level: string, destination: DestinationStream): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/**
 * The one line logged per request: method, path (never the query string), status, duration, IP,
 * user agent and who acted. Headers are never logged, so no cookie or `Authorization` value can
 * reach a line.
 */
export function logRequest(
  logger: Pick<Logger, 'info'>,
  facts: LogContext & { requestId: string },
  request: { method: string; path: string; status: number; started: number },
): void {
  logger.info(
    {
      requestId: facts.requestId,
      method: request.method,
      path: request.path,
      status: request.status,
      ms: Math.round((performance.now() - request.started) * 10) / 10,
      ip: facts.ip,
      userAgent: facts.userAgent,
      actor: facts.actor,
    },
    'request',
  );
}

/**
 * Hono middleware for the demo's routes, after `clientIp` (client-ip.ts): gives each request an
 * id (`X-Request-Id`, echoed),
 * keeps its facts for the event sink, and logs one line per request ({@link logRequest}).
 */
export function requestLog(logger: Pick<Logger, 'info'>): MiddlewareHandler {
  return async function logDemoRequest(c, next) {
    const requestId = requestIdOf(c.req.header('x-request-id'));
    const ip = (c.var as { clientIp?: string }).clientIp;
    const facts = { requestId, ip, userAgent: c.req.header('user-agent') };
    const started = performance.now();
    await withRequest(facts, async () => {
      await next();
    });
    c.header('X-Request-Id', requestId);
    logRequest(logger, facts, { method: c.req.method, path: c.req.path, status: c.res.status, started });
  };
}
