import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { CoatcheckVariables } from '../../adapters/hono/index.js';
import type { SessionManager } from '../../core/manager.js';
import type { TokenService } from '../../tokens/service.js';
import type { ApiContext, Reply } from './context.js';
import { readBody, readShape } from './input.js';

/** Context variables of the demo's Hono app: the session of the demo's cookie, the client's address. */
export type ServiceVariables = CoatcheckVariables & { clientIp: string | undefined };
export type ServiceEnv = { Variables: ServiceVariables };
/** The context of a demo route (Hono). */
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
type Input<B extends Shape, P extends Shape, Q extends Shape> = {
  body: Out<B>;
  params: Out<P>;
  query: Out<Q>;
};

/** What every route declares, whichever layer serves it: enough to validate and to document it. */
export interface RouteInfo {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** `/v1/sessions/:id` syntax; OpenAPI gets `{id}`. */
  path: string;
  summary: string;
  tag: 'service' | 'demo' | 'operations';
  security: Security;
  body?: z.ZodObject | undefined;
  /** Body media types accepted; JSON by default. Forms get the same schema. */
  accepts?: readonly ('json' | 'form')[];
  params?: z.ZodObject | undefined;
  query?: z.ZodObject | undefined;
  responses: Readonly<Record<number, ResponseSpec>>;
}

interface Spec<B extends Shape, P extends Shape, Q extends Shape> extends RouteInfo {
  body?: B;
  params?: P;
  query?: Q;
}

/** A `/v1` or operations route: served by the service's own lean HTTP layer (no web `Request`). */
export interface ApiRouteSpec<B extends Shape, P extends Shape, Q extends Shape> extends Spec<B, P, Q> {
  handler(c: ApiContext, input: Input<B, P, Q>): Promise<Reply> | Reply;
}

/** A demo route: served by Hono, which the demo's cookie session middleware runs on. */
export interface DemoRouteSpec<B extends Shape, P extends Shape, Q extends Shape> extends Spec<B, P, Q> {
  handler(c: ServiceContext, input: Input<B, P, Q>): Promise<Response> | Response;
}

/** Routes after {@link route} / {@link demoRoute}: specs erased to what serving and OpenAPI need. */
export type ApiRoute = ApiRouteSpec<Shape, Shape, Shape> & { layer: 'api' };
export type DemoRoute = DemoRouteSpec<Shape, Shape, Shape> & { layer: 'demo' };
export type Route = ApiRoute | DemoRoute;

/**
 * Declares one service or operations route with the schemas of its input. The same schemas
 * validate every request (400 `ERR_INPUT_INVALID` naming the field) and generate `/openapi.json`.
 */
export function route<B extends Shape = undefined, P extends Shape = undefined, Q extends Shape = undefined>(
  spec: ApiRouteSpec<B, P, Q>,
): ApiRoute {
  return { ...spec, layer: 'api' } as unknown as ApiRoute;
}

/** Declares one demo route (Hono context), with the same input schemas and documentation. */
export function demoRoute<
  B extends Shape = undefined,
  P extends Shape = undefined,
  Q extends Shape = undefined,
>(spec: DemoRouteSpec<B, P, Q>): DemoRoute {
  return { ...spec, layer: 'demo' } as unknown as DemoRoute;
}

/** Registers demo routes on a Hono app; input is parsed before the handler runs. */
export function mountDemoRoutes(app: Hono<ServiceEnv>, routes: readonly DemoRoute[]): void {
  for (const r of routes) {
    app.on(r.method.toUpperCase(), r.path, async (c) => {
      const body = r.body ? await readBody(c, r.body, r.accepts ?? ['json']) : undefined;
      const params = r.params ? readShape(r.params, c.req.param(), 'path') : undefined;
      const query = r.query ? readShape(r.query, c.req.query(), 'query') : undefined;
      return r.handler(c, { body, params, query });
    });
  }
}
