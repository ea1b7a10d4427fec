import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { CoatcheckVariables } from '../../adapters/hono/index.js';
import type { SessionManager } from '../../core/manager.js';
import type { TokenService } from '../../tokens/service.js';
import { readBody, readShape } from './input.js';

/** Context variables of the service app: the demo's session, and the app a service key names. */
export interface ServiceVariables extends CoatcheckVariables {
  /** The app (tenant) the presented service key belongs to; null for an operator key. */
  serviceApp: string | null;
}
export type ServiceEnv = { Variables: ServiceVariables };
export type ServiceContext = Context<ServiceEnv>;

/** What route groups are built from. */
export interface ServiceDeps {
  sessions: SessionManager;
  tokens: TokenService;
  /** Counts requests that presented a valid session. */
  validated?: { inc(): void } | undefined;
}

/** What a response carries: a JSON schema, no body, an HTML page, plain text or a redirect. */
export type ResponseSpec = z.ZodType | 'empty' | 'html' | 'text' | 'redirect';

/** Who may call a route: a service key, the demo session (cookie), a session or a bearer token. */
export type Security = 'serviceKey' | 'session' | 'sessionOrBearer' | 'none';

type Shape = z.ZodObject | undefined;
type Out<S extends Shape> = S extends z.ZodObject ? z.output<S> : undefined;

export interface RouteSpec<B extends Shape, P extends Shape, Q extends Shape> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Hono path syntax (`/v1/sessions/:id`); OpenAPI gets `{id}`. */
  path: string;
  summary: string;
  tag: 'service' | 'demo' | 'operations';
  security: Security;
  body?: B;
  /** Body media types accepted; JSON by default. Forms get the same schema. */
  accepts?: readonly ('json' | 'form')[];
  params?: P;
  query?: Q;
  responses: Readonly<Record<number, ResponseSpec>>;
  handler(
    c: ServiceContext,
    input: { body: Out<B>; params: Out<P>; query: Out<Q> },
  ): Promise<Response> | Response;
}

/** A route after {@link route}: its spec, erased to what mounting and OpenAPI need. */
export type Route = RouteSpec<Shape, Shape, Shape>;

/**
 * Declares one route with the schemas of its input. The same schemas validate every request
 * (400 `ERR_INPUT_INVALID` naming the field) and generate `/openapi.json`.
 */
export function route<B extends Shape = undefined, P extends Shape = undefined, Q extends Shape = undefined>(
  spec: RouteSpec<B, P, Q>,
): Route {
  return spec as unknown as Route;
}

/** Registers routes on a Hono app; input is parsed before the handler runs. */
export function mountRoutes(app: Hono<ServiceEnv>, routes: readonly Route[]): void {
  for (const r of routes) {
    app.on(r.method.toUpperCase(), r.path, async (c) => {
      const body = r.body ? await readBody(c, r.body, r.accepts ?? ['json']) : undefined;
      const params = r.params ? readShape(r.params, c.req.param(), 'path') : undefined;
      const query = r.query ? readShape(r.query, c.req.query(), 'query') : undefined;
      return r.handler(c, { body, params, query });
    });
  }
}
