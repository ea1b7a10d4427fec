import type { RequestListener } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { coatcheck, sessionErrors } from '../adapters/hono/index.js';
import type { SessionManager } from '../core/manager.js';
import { type TrustedProxies, trustedProxies } from '../http/client-address.js';
import { errorBody } from '../http/errors.js';
import type { TokenService } from '../tokens/service.js';
import { createApiHandler } from './api/dispatch.js';
import { type ApiRoute, type DemoRoute, mountDemoRoutes, type ServiceEnv } from './api/route.js';
import { clientIp } from './client-ip.js';
import type { ServiceMetrics } from './metrics.js';
import { nodeListener } from './node-listener.js';
import { openApiDocument } from './openapi.js';
import { requestLog } from './request-log.js';
import { demoAuthRoutes } from './routes/demo-auth.js';
import { demoSessionRoutes } from './routes/demo-sessions.js';
import { opsRoutes } from './routes/ops.js';
import { v1ActivityRoutes } from './routes/v1-activity.js';
import { v1SessionRoutes } from './routes/v1-sessions.js';
import { v1SignInRoutes } from './routes/v1-sign-in.js';
import { v1TokenRoutes } from './routes/v1-tokens.js';
import { v1UserRoutes } from './routes/v1-users.js';
import { v1ValidateRoutes } from './routes/v1-validate.js';
import { serviceKeyCheck } from './service-auth.js';
import { checkAppAudiences } from './tenants.js';
import { webHandler } from './web-adapter.js';

/** The largest request body the service reads (413 beyond). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface ServiceParts {
  sessions: SessionManager;
  tokens: TokenService;
  /** `COATCHECK_SERVICE_KEYS` entries: `ck_…` (operator) or `<app>=ck_…` (one app's key). */
  serviceKeys: readonly string[];
  metrics?: ServiceMetrics;
  /** Request lines go here (one per request, no headers); without it requests are not logged. */
  logger?: Pick<Logger, 'info'>;
  demo: { password: string; origins: string[] } | null;
  /** Proxies whose X-Forwarded-For is believed (`COATCHECK_TRUSTED_PROXIES`); default none. */
  trustedProxies?: TrustedProxies | undefined;
  /** What `/readyz` answers: false while the service drains before it stops. Default always ready. */
  ready?: () => boolean;
}

/** The service, ready to serve: a node:http listener, and a web `fetch` for in-process use. */
export interface ServiceApp {
  /** Every endpoint served (method and path); `ALL` entries are the demo's middleware. */
  readonly routes: readonly { method: string; path: string }[];
  /** The node:http (or node:https) request listener: the fast path. */
  readonly listener: RequestListener;
  fetch(request: Request): Promise<Response>;
  /** `fetch` for a URL and init, as in tests. */
  request(input: string, init?: RequestInit): Promise<Response>;
}

/**
 * The coatcheck service: `/v1` for backends, `/.well-known/jwks.json`, `/healthz`, `/readyz`, `/metrics`
 * (Prometheus), `/openapi.json`, and (with `--demo`) the demo web app. Every route is declared
 * with its input schemas, which validate requests and generate the OpenAPI document. `/v1` and
 * the operations routes are served by the service's own lean layer, straight from the Node
 * request; the demo runs on Hono behind it. Bodies are capped at 64 KiB; errors are JSON with
 * generic messages and never a stack trace.
 */
export function createServiceApp(parts: ServiceParts): ServiceApp {
  checkAppAudiences(parts.tokens, parts.serviceKeys);
  const deps = { sessions: parts.sessions, tokens: parts.tokens, validated: parts.metrics?.validated };
  const api: ApiRoute[] = [];
  const demo: DemoRoute[] = [];
  // Built once (the Host header varies, so only `servers` is per request: no cache to grow).
  let built: Record<string, unknown> | undefined;
  const document = (origin: string): object => {
    built ??= openApiDocument([...api, ...demo], origin);
    return { ...built, servers: [{ url: origin }] };
  };
  api.push(...opsRoutes(deps, { metrics: parts.metrics, ready: parts.ready ?? (() => true) }, document));
  api.push(
    ...v1SessionRoutes(deps),
    ...v1ValidateRoutes(deps),
    ...v1UserRoutes(deps),
    ...v1ActivityRoutes(deps),
    ...v1TokenRoutes(deps),
  );
  api.push(...v1SignInRoutes(deps));
  const proxies = trustedProxies(parts.trustedProxies);
  const handler = createApiHandler(api, {
    serviceKey: serviceKeyCheck(parts.serviceKeys),
    logger: parts.logger,
    proxies,
  });
  const hono = demoApp(parts, deps, demo, proxies);
  const served = [
    ...api.map((r) => ({ method: r.method.toUpperCase(), path: r.path })),
    ...hono.routes.map((r) => ({ method: r.method, path: r.path })),
  ];
  const fetch = webHandler(handler, (request) => hono.fetch(request), MAX_BODY_BYTES);
  return {
    routes: served,
    listener: nodeListener(handler, getRequestListener(hono.fetch), MAX_BODY_BYTES),
    fetch,
    request: (input, init) => fetch(new Request(input, init)),
  };
}

/** The demo web app (and the 404 of every other path) on Hono. */
function demoApp(
  parts: ServiceParts,
  deps: Parameters<typeof demoAuthRoutes>[0],
  routes: DemoRoute[],
  proxies: TrustedProxies,
) {
  const app = new Hono<ServiceEnv>();
  app.use('*', clientIp(proxies));
  app.onError(sessionErrors());
  app.notFound((c) => c.json(errorBody('ERR_NOT_FOUND'), 404));
  if (parts.logger) app.use('*', requestLog(parts.logger));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json(errorBody('ERR_BODY_TOO_LARGE'), 413),
    }),
  );
  if (parts.demo) {
    const demo = parts.demo;
    const session = coatcheck(parts.sessions, {
      trustedOrigins: demo.origins,
      context: (c) => clientContext(c),
    });
    const counted = async (c: Context<ServiceEnv>, next: () => Promise<void>): Promise<void> => {
      if (c.get('coatcheck').session) deps.validated?.inc();
      await next();
    };
    for (const path of ['/', '/me', '/auth/*']) app.use(path, session, counted);
    routes.push(...demoAuthRoutes(deps, demo), ...demoSessionRoutes(deps));
  }
  mountDemoRoutes(app, routes);
  return app;
}

function clientContext(c: Context<ServiceEnv>): { ip?: string | undefined; userAgent?: string | undefined } {
  return { ip: c.get('clientIp'), userAgent: c.req.header('user-agent') };
}
