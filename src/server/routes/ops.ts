import { z } from 'zod';
import { errorBody as errorJson } from '../../http/errors.js';
import { type ApiRoute, route, type ServiceDeps } from '../api/route.js';
import { errorBody } from '../api/schemas.js';
import type { ServiceMetrics } from '../metrics.js';

const jwks = z.object({
  keys: z.array(z.object({ kid: z.string(), kty: z.string(), alg: z.string() }).loose()),
});

/**
 * Health, readiness, the JWKS, Prometheus metrics (optionally token-guarded) and the OpenAPI
 * document. `ready` is false while the service drains before it stops.
 */
export function opsRoutes(
  { sessions, tokens }: ServiceDeps,
  { metrics, ready }: { metrics: ServiceMetrics | undefined; ready: () => boolean },
  document: (origin: string) => object,
): ApiRoute[] {
  const common = { tag: 'operations', security: 'none' } as const;
  const routes: ApiRoute[] = [
    route({
      ...common,
      method: 'get',
      path: '/healthz',
      summary: 'Liveness of the service and its store (503 when the store is down)',
      responses: {
        200: z.object({ status: z.literal('ok'), store: z.string() }),
        503: z.object({ status: z.literal('unavailable') }),
      },
      async handler(c) {
        try {
          await sessions.options.store.getDocument('health');
          return c.json({ status: 'ok', store: sessions.options.store.kind });
        } catch {
          return c.json({ status: 'unavailable' }, 503);
        }
      },
    }),
    route({
      ...common,
      method: 'get',
      path: '/readyz',
      summary:
        'Readiness for a load balancer: 503 from the moment the service starts draining to stop (the store is not checked: /healthz does)',
      responses: {
        200: z.object({ status: z.literal('ready') }),
        503: z.object({ status: z.literal('draining') }),
      },
      handler: (c) => (ready() ? c.json({ status: 'ready' }) : c.json({ status: 'draining' }, 503)),
    }),
    route({
      ...common,
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'The public keys that verify access tokens',
      responses: { 200: jwks },
      async handler(c) {
        const { body, headers } = await tokens.jwks();
        for (const [name, value] of Object.entries(headers)) c.header(name, value);
        return c.json(body);
      },
    }),
    route({
      ...common,
      method: 'get',
      path: '/openapi.json',
      summary: 'This document (OpenAPI 3.1, generated from the route schemas)',
      responses: { 200: z.object({ openapi: z.string() }).loose() },
      // A relative server URL: the document never echoes the request's Host header.
      handler: (c) => c.json(document('/')),
    }),
  ];
  if (metrics) {
    routes.push(
      route({
        ...common,
        method: 'get',
        path: '/metrics',
        summary:
          'Prometheus metrics (keep behind your network access control; with COATCHECK_METRICS_TOKEN set, send it as a bearer token)',
        responses: { 200: 'text', 401: errorBody },
        async handler(c) {
          if (!metrics.authorizes(c.req.header('authorization'))) {
            c.header('www-authenticate', 'Bearer realm="metrics"');
            return c.json(errorJson('ERR_UNAUTHORIZED'), 401);
          }
          return c.text(await metrics.registry.metrics(), 200, {
            'content-type': metrics.registry.contentType,
          });
        },
      }),
    );
  }
  return routes;
}
