import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { LogContext } from '../logging/pino-sink.js';

const requests = new AsyncLocalStorage<LogContext>();

/** The facts of the request being served, for events emitted without them (the pino sink reads this). */
export function currentRequest(): LogContext | undefined {
  return requests.getStore();
}

/** Marks who acts in the current request (e.g. `service` after service-key authentication). */
export function setActor(actor: string): void {
  const store = requests.getStore();
  if (store) store.actor = actor;
}

// A client's X-Request-Id is kept only when it is short and plain, so it cannot smuggle anything.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives each request an id (`X-Request-Id`, echoed), keeps its facts for the event sink, and logs
 * one line per request: method, path (never the query string), status, duration, IP, user agent.
 * Headers are never logged, so no cookie or `Authorization` value can reach a line.
 */
export function requestLog(logger: Pick<Logger, 'info'>): MiddlewareHandler {
  return async function logRequest(c, next) {
    const presented = c.req.header('x-request-id');
    const requestId = presented && CLIENT_REQUEST_ID.test(presented) ? presented : randomUUID();
    const facts: LogContext = {
      requestId,
      ip: peerAddress(c),
      userAgent: c.req.header('user-agent'),
    };
    const started = performance.now();
    await requests.run(facts, async () => {
      await next();
    });
    c.header('X-Request-Id', requestId);
    logger.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ip: facts.ip,
        userAgent: facts.userAgent,
        actor: facts.actor,
      },
      'request',
    );
  };
}

/** The socket peer address from @hono/node-server; X-Forwarded-* is never trusted here. */
export function peerAddress(c: Context): string | undefined {
  return (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress;
}
