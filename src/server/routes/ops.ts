import { z } from 'zod';
import { type ApiRoute, route, type ServiceDeps } from '../api/route.js';
import type { ServiceMetrics } from '../metrics.js';

const jwks = z.object({
  keys: z.array(z.object({ kid: z.string(), kty: z.string(), alg: z.string() }).loose()),
});

/** Health, the JWKS, Prometheus metrics and the OpenAPI document; none needs a credential. */
export function opsRoutes(
  { sessions, tokens }: ServiceDeps,
  metrics: ServiceMetrics | undefined,
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
      handler: (c) => c.json(document(c.req.origin())),
    }),
  ];
  if (metrics) {
    routes.push(
      route({
        ...common,
        method: 'get',
        path: '/metrics',
        summary: 'Prometheus metrics (keep behind your network access control)',
        responses: { 200: 'text' },
        handler: async (c) =>
          c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
      }),
    );
  }
  return routes;
}
