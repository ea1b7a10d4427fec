// The scenario routes on coatcheck/adapters/next, run in-process. `headers()` and `cookies()` are
// stand-ins holding the current request's headers and Next's own cookie store class, so cookies
// written by Server Actions are serialised exactly as Next serialises them.
import { ResponseCookies } from 'next/dist/compiled/@edge-runtime/cookies';
import { createNextSessions, type NextActionResult } from '../../../src/adapters/next/index.js';
import { errorBody } from '../../../src/http/index.js';
import type { SessionManager } from '../../../src/index.js';

export type NextMode = 'route handlers' | 'server actions';

type Handler = (request: Request, ctx?: unknown) => Promise<Response>;

// What Next itself sends on every Server Action response (next-app.e2e.test.ts checks it).
const ACTION_CACHE_CONTROL = 'no-cache, no-store, max-age=0, must-revalidate';

const failure = (result: Extract<NextActionResult, { ok: false }>): Response =>
  Response.json(errorBody(result.code, result.message), {
    status: result.status,
    headers: { 'Cache-Control': ACTION_CACHE_CONTROL },
  });

/** A request dispatcher serving the harness routes with route handlers, or POSTs as Server Actions. */
export function nextApp(manager: SessionManager, mode: NextMode): Handler {
  let current = new Headers();
  let written = new Headers();
  const auth = createNextSessions(manager, {
    cookies: async () => new ResponseCookies(written),
    headers: async () => current,
    trustedOrigins: ['http://localhost:3000'],
  });
  const login = async (request: Request, actions: { login: (i: { userId: string }) => Promise<unknown> }) => {
    const body = request.headers.get('content-type')?.includes('json')
      ? ((await request.json()) as { userId?: string })
      : Object.fromEntries(new URLSearchParams(await request.text()));
    const { session, csrfToken } = (await actions.login({ userId: String(body.userId ?? '') })) as {
      session: { userId: string; id: string };
      csrfToken: string;
    };
    return Response.json({ userId: session.userId, sessionId: session.id, csrfToken });
  };
  const posts: Record<
    string,
    (
      request: Request,
      a: NonNullable<Extract<NextActionResult, { ok: true }>['actions']>,
    ) => Promise<Response>
  > = {
    '/login': login,
    '/data': async (request, actions) => {
      const { key, value } = (await request.json()) as { key: string; value: unknown };
      return Response.json({ data: await actions.update((d) => ({ ...d, [key]: value })) });
    },
    '/logout': async (_request, actions) => {
      await actions.logout();
      return new Response(null, { status: 204 });
    },
    '/sessions/revoke-others': async (_r, actions) =>
      Response.json({ revoked: await actions.revokeOthers() }),
    '/sessions/revoke-all': async (_r, actions) => Response.json({ revoked: await actions.revokeAll() }),
  };
  const anonymous = new Set(['/login', '/logout']);
  const routes: Record<string, Handler> = {
    'GET /me': auth.route((_r, { session }) =>
      Response.json({ userId: session!.userId, sessionId: session!.id, data: session!.data }),
    ),
    'GET /sessions': auth.route(async (_r, { actions }) => Response.json({ sessions: await actions.list() })),
  };
  for (const [path, body] of Object.entries(posts)) {
    routes[`POST ${path}`] = auth.route((r, { actions }) => body(r, actions), {
      allowAnonymous: anonymous.has(path),
    });
  }

  /** A Server Action: Next gives it the request's headers and a cookie store, never a response. */
  async function serverAction(request: Request, path: string): Promise<Response> {
    current = request.headers;
    written = new Headers();
    const result = await auth.action({ allowAnonymous: anonymous.has(path) });
    if (!result.ok) return failure(result);
    const answer = await posts[path]!(request, result.actions);
    const headers = new Headers(answer.headers);
    for (const cookie of written.getSetCookie()) headers.append('Set-Cookie', cookie);
    headers.set('Cache-Control', ACTION_CACHE_CONTROL);
    return new Response(answer.body, { status: answer.status, headers });
  }

  return async function dispatch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (mode === 'server actions' && request.method === 'POST' && posts[path]) {
      return serverAction(request, path);
    }
    const route = routes[`${request.method} ${path}`];
    return route ? route(request, undefined) : Response.json(errorBody('ERR_NOT_FOUND'), { status: 404 });
  };
}
