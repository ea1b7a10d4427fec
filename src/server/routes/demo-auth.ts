import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SessionError } from '../../errors.js';
import { errorBody as errorJson } from '../../http/errors.js';
import type { DpopRequest } from '../../tokens/dpop/proof.js';
import { isForm } from '../api/input.js';
import { type DemoRoute, demoRoute, type ServiceContext, type ServiceDeps } from '../api/route.js';
import { errorBody } from '../api/schemas.js';
import { renderDemoPage } from '../demo/page.js';
import { FailureThrottle } from '../demo/throttle.js';

export const DEMO_USERS = ['alice', 'bob', 'carol'] as const;

// Digests of equal length under a per-process key: the comparison takes the same time whatever
// the presented password's length or content, so timing tells neither the length nor a prefix.
const COMPARE_KEY = randomBytes(32);
const digest = (value: string): Buffer => createHmac('sha256', COMPARE_KEY).update(value).digest();

function passwordMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** What a failed sign-in logs as the actor: a known user's name, else a short keyed digest. */
function failedActor(username: string, known: boolean): string {
  return known ? username : `unknown:${digest(username).toString('base64url').slice(0, 12)}`;
}

// Five failures per user name or fifty per IP in 15 minutes, then a wait until the window ends.
const throttle = (): FailureThrottle => new FailureThrottle({ user: 5, ip: 50, windowMs: 15 * 60_000 });

/** The demo's HTML answers: never framed by another site (clickjacking), never cached. */
function page(c: ServiceContext, html: string, status: 200 | 401 = 200): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', "frame-ancestors 'none'");
  c.header('X-Frame-Options', 'DENY');
  return c.html(html, status);
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
  const failures = throttle();
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
              activity: (await actions.activity({ limit: 10 })).entries,
            }
          : null;
        return page(c, renderDemoPage({ user, users: DEMO_USERS }));
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
        429: errorBody,
      },
      async handler(c, { body }) {
        const ip = c.get('clientIp') ?? '';
        const now = Date.now();
        const wait = failures.retryAfter(body.username, ip, now);
        if (wait > 0) {
          c.header('Retry-After', String(wait));
          return c.json(errorJson('ERR_RATE_LIMITED'), 429);
        }
        const known = (DEMO_USERS as readonly string[]).includes(body.username);
        if (!(passwordMatches(body.password, demo.password) && known)) {
          failures.failed(body.username, ip, now);
          sessions.options.events.emit(
            { type: 'login.failed', userId: failedActor(body.username, known), reason: 'bad-credentials' },
            { ip: c.get('clientIp'), userAgent: c.req.header('user-agent') },
          );
          const message = 'Wrong user or password';
          if (isForm(c))
            return page(c, renderDemoPage({ user: null, users: DEMO_USERS, error: message }), 401);
          return c.json(errorJson('ERR_BAD_CREDENTIALS', message), 401);
        }
        failures.succeeded(body.username);
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
