import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { sessionErrorHandler } from '../adapters/hono/index.js';
import type { SessionManager } from '../core/manager.js';
import type { TokenService } from '../tokens/service.js';
import type { ServiceMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { requestLog } from './request-log.js';
import { demoRoutes } from './routes/demo.js';
import { v1Routes } from './routes/v1.js';

export interface ServiceParts {
  sessions: SessionManager;
  tokens: TokenService;
  serviceKeys: readonly string[];
  metrics?: ServiceMetrics;
  /** Request lines go here (one per request, no headers); without it requests are not logged. */
  logger?: Pick<Logger, 'info'>;
  demo: { password: string; origins: string[] } | null;
}

/**
 * The coatcheck service as one Hono app: `/v1` for backends, `/.well-known/jwks.json`, `/healthz`,
 * `/metrics` (Prometheus),
 * and (with `--demo`) the demo web app. Bodies are capped at 64 KiB; errors are JSON with generic
 * messages and never a stack trace.
 */
export function createServiceApp(parts: ServiceParts): Hono {
  const app = new Hono();
  app.onError(sessionErrorHandler);
  app.notFound((c) => c.json({ error: { code: 'ERR_NOT_FOUND', message: 'Not found' } }, 404));
  if (parts.logger) app.use('*', requestLog(parts.logger));
  app.use(
    '*',
    bodyLimit({
      maxSize: 64 * 1024,
      onError: (c) => c.json({ error: { code: 'ERR_BODY_TOO_LARGE', message: 'Body too large' } }, 413),
    }),
  );
  app.get('/healthz', async (c) => {
    try {
      await parts.sessions.options.store.getDocument('health');
      return c.json({ status: 'ok', store: parts.sessions.options.store.kind });
    } catch {
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  app.get('/.well-known/jwks.json', async (c) => {
    const { body, headers } = await parts.tokens.jwks();
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.json(body);
  });
  if (parts.metrics) {
    const { registry } = parts.metrics;
    app.get('/metrics', async (c) =>
      c.text(await registry.metrics(), 200, { 'content-type': registry.contentType }),
    );
  }
  app.get('/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)));
  app.route('/v1', v1Routes(parts.sessions, parts.tokens, parts.serviceKeys, parts.metrics?.validated));
  if (parts.demo)
    app.route('/', demoRoutes(parts.sessions, parts.tokens, parts.demo, parts.metrics?.validated));
  return app;
}
