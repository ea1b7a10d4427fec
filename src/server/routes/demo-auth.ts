import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SessionError } from '../../errors.js';
import { errorBody as errorJson } from '../../http/errors.js';
import type { DpopRequest } from '../../tokens/dpop/proof.js';
import { isForm } from '../api/input.js';
import { type DemoRoute, demoRoute, type ServiceContext, type ServiceDeps } from '../api/route.js';
import { errorBody } from '../api/schemas.js';
import { renderDemoPage } from '../demo/page.js';
import { peerAddress } from '../request-log.js';

export const DEMO_USERS = ['alice', 'bob', 'carol'] as const;

function passwordMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** JSON answers for API clients; a form (the page without script) gets a 303 back to `/`. */
export function answer(c: ServiceContext, json: object | null): Response {
  if (isForm(c)) return c.redirect('/', 303);
  return json === null ? c.body(null, 204) : c.json(json);
}

export function requireDemoSession(c: ServiceContext) {
  const session = c.get('coatcheck').session;
  if (!session) throw new SessionError('ERR_NO_SESSION', 'Sign in first');
  return session;
}

/** The request as a DPoP proof is checked against it: its `DPoP` header, method and URL. */
export function dpopRequest(c: ServiceContext): DpopRequest {
  return { proof: c.req.header('dpop'), method: c.req.method, url: c.req.url };
}

/** The demo page, sign-in and sign-out, and `/me`. */
export function demoAuthRoutes({ sessions, tokens }: ServiceDeps, demo: { password: string }): DemoRoute[] {
  return [
    demoRoute({
      method: 'get',
      path: '/',
      summary: 'The demo page: sign in, your devices, tokens',
      tag: 'demo',
      security: 'none',
      responses: { 200: 'html' },
      async handler(c) {
        const actions = c.get('coatcheck');
        const s = actions.session;
        const user = s
          ? {
              userId: s.userId,
              sessionId: s.id,
              csrfToken: await actions.csrfToken(),
              devices: await actions.list(),
            }
          : null;
        c.header('Cache-Control', 'no-store');
        return c.html(renderDemoPage({ user, users: DEMO_USERS }));
      },
    }),
    demoRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in (replaces any session the request carried)',
      tag: 'demo',
      security: 'none',
      accepts: ['json', 'form'],
      body: z.object({ username: z.string().max(64), password: z.string().max(256) }),
      responses: {
        200: z.object({ userId: z.string(), sessionId: z.string(), csrfToken: z.string() }),
        303: 'redirect',
        400: errorBody,
        401: errorBody,
        403: errorBody,
      },
      async handler(c, { body }) {
        const known = (DEMO_USERS as readonly string[]).includes(body.username);
        if (!(passwordMatches(body.password, demo.password) && known)) {
          sessions.options.events.emit(
            { type: 'login.failed', userId: body.username, reason: 'bad-credentials' },
            { ip: peerAddress(c), userAgent: c.req.header('user-agent') },
          );
          const message = 'Wrong user or password';
          if (isForm(c))
            return c.html(renderDemoPage({ user: null, users: DEMO_USERS, error: message }), 401);
          return c.json(errorJson('ERR_BAD_CREDENTIALS', message), 401);
        }
        const { session, csrfToken } = await c.get('coatcheck').login({ userId: body.username });
        return answer(c, { userId: session.userId, sessionId: session.id, csrfToken });
      },
    }),
    demoRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'Sign out this device',
      tag: 'demo',
      security: 'session',
      responses: { 204: 'empty', 303: 'redirect', 403: errorBody },
      async handler(c) {
        await c.get('coatcheck').logout();
        return answer(c, null);
      },
    }),
    demoRoute({
      method: 'get',
      path: '/me',
      summary: 'Who is signed in, by session cookie or access token',
      tag: 'demo',
      security: 'sessionOrBearer',
      responses: {
        200: z.object({
          userId: z.string(),
          sessionId: z.string(),
          via: z.enum(['cookie', 'bearer', 'dpop']),
        }),
        401: errorBody,
      },
      async handler(c) {
        const session = c.get('coatcheck').session;
        if (session) return c.json({ userId: session.userId, sessionId: session.id, via: 'cookie' });
        const auth = c.req.header('authorization');
        if (auth?.startsWith('Bearer ')) {
          const verified = await tokens.verify(auth.slice(7).trim());
          return c.json({ userId: verified.userId, sessionId: verified.sessionId, via: 'bearer' });
        }
        if (auth?.startsWith('DPoP ')) {
          const verified = await tokens.verify(auth.slice(5).trim(), {}, dpopRequest(c));
          return c.json({ userId: verified.userId, sessionId: verified.sessionId, via: 'dpop' });
        }
        throw new SessionError('ERR_NO_SESSION', 'Sign in first');
      },
    }),
  ];
}
