import type { SessionManager } from '../../core/manager.js';
import type { Session } from '../../core/session.js';
import { isSessionError } from '../../errors.js';
import type { EventContext } from '../../events/types.js';
import { SessionActions } from '../../http/actions.js';
import { errorBody, toHttpError } from '../../http/errors.js';
import { isFormContentType } from '../../http/form.js';
import type { GuardResult, RequestFacts } from '../../http/guard.js';
import { type HeaderList, headerEffects, requestFacts } from '../web/request.js';
import { formRecord, NO_SESSION } from './results.js';

/**
 * What a wrapped Route Handler receives besides the request and Next's context.
 *
 * @example
 * ```ts
 * import type { RouteSession } from 'coatcheck/adapters/next';
 * const devices = async ({ actions }: RouteSession) => Response.json(await actions.list());
 * ```
 */
export interface RouteSession {
  /** The session; null only with `allowAnonymous`. */
  session: Session | null;
  actions: SessionActions;
}

/**
 * A Route Handler under coatcheck: `(request, { session, actions }, ctx)`.
 *
 * @example
 * ```ts
 * import type { NextRoute } from 'coatcheck/adapters/next';
 * const me: NextRoute<unknown> = (_request, { session }) => Response.json({ userId: session!.userId });
 * export const GET = auth.route(me);
 * ```
 */
export type NextRoute<Ctx> = (request: Request, auth: RouteSession, ctx: Ctx) => Response | Promise<Response>;

/**
 * Options of `auth.route()`.
 *
 * @example
 * ```ts
 * import type { RouteOptions } from 'coatcheck/adapters/next';
 * const options: RouteOptions = { allowAnonymous: true };
 * export const POST = auth.route(signIn, options);
 * ```
 */
export interface RouteOptions {
  /** Let requests without a session through (a sign-in handler). Default false: 401. */
  allowAnonymous?: boolean;
}

/** A JSON answer that no cache may keep. */
export function jsonAnswer(status: number, body: unknown, headers = new Headers()): Response {
  headers.set('Cache-Control', 'no-store');
  return Response.json(body, { status, headers });
}

/** Copies a handler's response and adds the session cookies and `Cache-Control: no-store`. */
function withEffects(response: Response, written: Headers): Response {
  const cookies = written.getSetCookie();
  if (cookies.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  written.forEach((value, name) => {
    if (name !== 'set-cookie') headers.set(name, value);
  });
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export function routeHandler<Ctx>(
  manager: SessionManager,
  guard: (facts: RequestFacts) => Promise<GuardResult>,
  contextOf: (headers: HeaderList) => EventContext,
  handler: NextRoute<Ctx>,
  options: RouteOptions = {},
): (request: Request, ctx: Ctx) => Promise<Response> {
  return async function coatcheckRoute(request: Request, ctx: Ctx): Promise<Response> {
    const context = contextOf(request.headers);
    // The body is read for a `_csrf` field only when the check needs a token; the handler gets a clone.
    const readForm = async (): Promise<Record<string, unknown>> =>
      isFormContentType(request.headers.get('content-type'))
        ? formRecord(await request.clone().formData())
        : {};
    const written = new Headers();
    const effects = headerEffects(written);
    try {
      const result = await guard(requestFacts(request, context, readForm));
      if (!result.ok) return jsonAnswer(result.status, result.body);
      for (const cookie of result.cookies) effects.cookie(cookie);
      if (!result.session && !options.allowAnonymous) {
        return jsonAnswer(401, errorBody(NO_SESSION.code, NO_SESSION.message), written);
      }
      const actions = new SessionActions(manager, result, effects, context);
      return withEffects(await handler(request, { session: result.session, actions }, ctx), written);
    } catch (error) {
      // Next's own control flow (redirect(), notFound()) is thrown too: only our errors are answered.
      if (!isSessionError(error)) throw error;
      const { status, body } = toHttpError(error);
      return jsonAnswer(status, body, written);
    }
  };
}
