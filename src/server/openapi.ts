// /openapi.json is generated from the routes the app mounts: the same zod schemas that validate
// each request describe it here (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses).
import { z } from 'zod';
import type { ResponseSpec, RouteInfo, Security } from './api/route.js';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const DESCRIPTIONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'Done, no content',
  303: 'Done; a form post is sent back to the page',
  400: 'Bad input (ERR_INPUT_INVALID names the field)',
  401: 'Not authenticated, or the token is not valid',
  403: 'Refused (cross-origin check, or not allowed for this key)',
  404: 'Not found, or not yours',
  409: 'Conflict: retry with the current version',
  429: 'Session limit reached',
  503: 'The store is unavailable (fails closed)',
};

function response(status: number, spec: ResponseSpec): Json {
  const description = DESCRIPTIONS[status] ?? 'Answer';
  if (spec === 'empty') return { description };
  if (spec === 'redirect') return { description, headers: { Location: { schema: { type: 'string' } } } };
  if (spec === 'html') return { description, content: { 'text/html': { schema: { type: 'string' } } } };
  if (spec === 'text') return { description, content: { 'text/plain': { schema: { type: 'string' } } } };
  return { description, content: { 'application/json': { schema: schemaOf(spec, 'output') } } };
}

function parameters(shape: z.ZodObject | undefined, where: 'path' | 'query'): Json[] {
  if (!shape) return [];
  const json = schemaOf(shape, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema,
  }));
}

const SECURITY: Record<Security, Json[]> = {
  serviceKey: [{ serviceKey: [] }],
  session: [{ sessionCookie: [] }],
  sessionOrBearer: [{ sessionCookie: [] }, { accessToken: [] }],
  none: [],
};

function operation(r: RouteInfo): Json {
  const types = (r.accepts ?? ['json']).map((t) =>
    t === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
  );
  const params = [...parameters(r.params, 'path'), ...parameters(r.query, 'query')];
  return {
    summary: r.summary,
    tags: [r.tag],
    security: SECURITY[r.security],
    ...(params.length ? { parameters: params } : {}),
    ...(r.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(types.map((t) => [t, { schema: schemaOf(r.body!, 'input') }])),
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(r.responses).map(([s, spec]) => [s, response(Number(s), spec)]),
    ),
  };
}

/** The OpenAPI 3.1 document for a set of routes, served from `serverUrl`. */
export function openApiDocument(routes: readonly RouteInfo[], serverUrl: string): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [r.method]: operation(r) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'coatcheck service API', version: '0.1.0' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        serviceKey: { type: 'http', scheme: 'bearer', description: 'A service key (COATCHECK_SERVICE_KEYS)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: '__Host-sid' },
        accessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
    paths,
  };
}
