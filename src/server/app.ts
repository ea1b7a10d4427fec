import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { coatcheck, sessionErrors } from '../adapters/hono/index.js';
import type { SessionManager } from '../core/manager.js';
import { errorBody } from '../http/errors.js';
import type { TokenService } from '../tokens/service.js';
import { mountRoutes, type Route, type ServiceEnv } from './api/route.js';
import type { ServiceMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { peerAddress, requestLog } from './request-log.js';
import { demoAuthRoutes } from './routes/demo-auth.js';
import { demoSessionRoutes } from './routes/demo-sessions.js';
import { opsRoutes } from './routes/ops.js';
import { v1SessionRoutes } from './routes/v1-sessions.js';
import { v1TokenRoutes } from './routes/v1-tokens.js';
import { v1UserRoutes } from './routes/v1-users.js';
import { serviceAuth } from './service-auth.js';

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
}

/**
 * The coatcheck service as one Hono app: `/v1` for backends, `/.well-known/jwks.json`, `/healthz`,
 * `/metrics` (Prometheus), `/openapi.json`, and (with `--demo`) the demo web app. Every route is
 * declared with its input schemas, which validate requests and generate the OpenAPI document.
 * Bodies are capped at 64 KiB; errors are JSON with generic messages and never a stack trace.
 */
export function createServiceApp(parts: ServiceParts): Hono<ServiceEnv> {
  const app = new Hono<ServiceEnv>();
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
  const deps = { sessions: parts.sessions, tokens: parts.tokens, validated: parts.metrics?.validated };
  const routes: Route[] = [];
  // Built once (the Host header varies, so only `servers` is per request: no cache to grow).
  let built: Record<string, unknown> | undefined;
  const document = (origin: string): object => {
    built ??= openApiDocument(routes, origin);
    return { ...built, servers: [{ url: origin }] };
  };
  routes.push(...opsRoutes(deps, parts.metrics, document));
  app.use('/v1/*', serviceAuth(parts.serviceKeys));
  routes.push(...v1SessionRoutes(deps), ...v1UserRoutes(deps), ...v1TokenRoutes(deps));
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
  mountRoutes(app, routes);
  return app;
}

function clientContext(c: Context): { ip?: string | undefined; userAgent?: string | undefined } {
  return { ip: peerAddress(c), userAgent: c.req.header('user-agent') };
}
