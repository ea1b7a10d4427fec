import type { Logger } from 'pino';
import { type TrustedProxies, trustedProxies } from '../../http/client-address.js';
import type { LogContext } from '../../logging/pino-sink.js';
import { logRequest, requestIdOf, withRequest } from '../request-log.js';
import type { ServiceCaller } from '../service-auth.js';
import { ApiContext, type ApiIncoming, type Reply } from './context.js';
import { readJsonBody, readShape } from './input.js';
import { notFound, thrownReply, unauthorized } from './refusal.js';
import type { ApiRoute } from './route.js';
import { createRouter, type Match } from './router.js';

export interface ApiHandlerOptions {
  /** Checks the `Authorization` header of `/v1` requests. */
  serviceKey(authorization: string | undefined): ServiceCaller | null;
  /** One line per request goes here; without it requests are not logged. */
  logger?: Pick<Logger, 'info'> | undefined;
  /** Whose X-Forwarded-For names the client (default: nobody's; the socket peer is the client). */
  proxies?: TrustedProxies | undefined;
}

/** The service's `/v1` and operations routes, served without a web framework in between. */
export interface ApiHandler {
  /** True when this layer answers the request: every `/v1` path, and the operations routes. */
  handles(method: string, path: string): boolean;
  /** Answers a request whose body the transport has read. Never rejects. */
  handle(incoming: ApiIncoming): Promise<Reply>;
}

const isV1 = (path: string): boolean => path === '/v1' || path.startsWith('/v1/');

/**
 * The request flow of the route table: the service key for `/v1` (401 before anything else),
 * the route (404), the input schemas (400 naming the field), the handler, and errors through the
 * shared status table. Each request gets an id (`X-Request-Id`, echoed) and one log line.
 */
export function createApiHandler(routes: readonly ApiRoute[], options: ApiHandlerOptions): ApiHandler {
  const match = createRouter(routes);
  const { logger } = options;
  const proxies = options.proxies ?? trustedProxies();

  async function answer(incoming: ApiIncoming, facts: LogContext): Promise<Reply> {
    let app: string | null = null;
    if (isV1(incoming.path)) {
      const caller = options.serviceKey(incoming.header('authorization'));
      if (!caller) return unauthorized();
      app = caller.app;
      facts.actor = 'service';
    }
    const found = match(incoming.method, incoming.path);
    if (!found) return notFound();
    try {
      return await run(found, incoming, app);
    } catch (error) {
      return thrownReply(error);
    }
  }

  return {
    handles: (method, path) => isV1(path) || match(method, path) !== null,
    async handle(incoming) {
      const started = performance.now();
      const requestId = requestIdOf(incoming.header('x-request-id'));
      const ip = proxies.clientAddress(incoming.peer, incoming.header('x-forwarded-for'));
      const facts = { requestId, ip, userAgent: incoming.header('user-agent') };
      const reply = await withRequest(facts, () => answer(incoming, facts));
      reply.headers['x-request-id'] = requestId;
      if (logger) {
        const { method, path } = incoming;
        logRequest(logger, facts, { method, path, status: reply.status, started });
      }
      return reply;
    },
  };
}

function run({ route, params }: Match, incoming: ApiIncoming, app: string | null): Promise<Reply> | Reply {
  const input = {
    body: route.body ? readJsonBody(incoming.header('content-type'), incoming.body, route.body) : undefined,
    params: route.params ? readShape(route.params, params, 'path') : undefined,
    query: route.query ? readShape(route.query, queryObject(incoming.query), 'query') : undefined,
  };
  return route.handler(new ApiContext(incoming, app), input);
}

function queryObject(query: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!query) return out;
  // The first value of a repeated name wins, as Hono's `c.req.query()` does.
  for (const [name, value] of new URLSearchParams(query)) if (!Object.hasOwn(out, name)) out[name] = value;
  return out;
}
