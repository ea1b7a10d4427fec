import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { type CoatcheckVariables, sessionMiddleware } from '../../adapters/hono/index.js';
import type { SessionManager } from '../../core/manager.js';
import { SessionError } from '../../errors.js';
import type { TokenService } from '../../tokens/service.js';
import type { TokenPair } from '../../tokens/types.js';
import { renderDemoPage } from '../demo/page.js';
import { peerAddress } from '../request-log.js';

export const DEMO_USERS = ['alice', 'bob', 'carol'] as const;
type Env = { Variables: CoatcheckVariables };

const isForm = (c: Context): boolean =>
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

async function fields(c: Context): Promise<Record<string, unknown>> {
  if (isForm(c)) return (await c.req.parseBody()) as Record<string, unknown>;
  try {
    const body: unknown = await c.req.json();
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    throw new SessionError('ERR_BAD_REQUEST', 'Send JSON or a form');
  }
}

function passwordMatches(presented: unknown, expected: string): boolean {
  const a = Buffer.from(typeof presented === 'string' ? presented : '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The demo web app: a page to sign in and manage devices, and the JSON endpoints behind it. Its
 * HTTP surface is part of the public contract (README).
 */
export function demoRoutes(
  sessions: SessionManager,
  tokens: TokenService,
  demo: { password: string; origins: string[] },
  validated?: { inc(): void },
): Hono<Env> {
  const app = new Hono<Env>();
  app.use(
    '*',
    sessionMiddleware(sessions, { trustedOrigins: demo.origins, context: (c) => clientContext(c) }),
  );
  app.use('*', async (c, next) => {
    if (c.get('session')) validated?.inc();
    await next();
  });
  const need = (c: Context<Env>) => {
    const session = c.get('coatcheck').session;
    if (!session) throw new SessionError('ERR_NO_SESSION', 'Sign in first');
    return session;
  };
  const done = (c: Context<Env>, json: unknown, status: 200 | 204 = 200): Response =>
    isForm(c) ? c.redirect('/', 303) : status === 204 ? c.body(null, 204) : c.json(json as object);

  app.get('/', async (c) => {
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
  });
  app.post('/auth/login', async (c) => {
    const body = await fields(c);
    const username = typeof body.username === 'string' ? body.username : '';
    const known = (DEMO_USERS as readonly string[]).includes(username);
    if (!(passwordMatches(body.password, demo.password) && known)) {
      sessions.options.events.emit(
        { type: 'login.failed', userId: username.slice(0, 256), reason: 'bad-credentials' },
        clientContext(c),
      );
      if (isForm(c))
        return c.html(
          renderDemoPage({ user: null, users: DEMO_USERS, error: 'Wrong user or password' }),
          401,
        );
      return c.json({ error: { code: 'ERR_BAD_CREDENTIALS', message: 'Wrong user or password' } }, 401);
    }
    const { session, csrfToken } = await c.get('coatcheck').login({ userId: username });
    return done(c, { userId: session.userId, sessionId: session.id, csrfToken });
  });
  app.post('/auth/logout', async (c) => {
    await c.get('coatcheck').logout();
    return done(c, null, 204);
  });
  app.get('/me', async (c) => {
    const session = c.get('coatcheck').session;
    if (session) return c.json({ userId: session.userId, sessionId: session.id, via: 'cookie' });
    const auth = c.req.header('authorization');
    if (auth?.startsWith('Bearer ')) {
      const verified = await tokens.verify(auth.slice(7).trim());
      return c.json({ userId: verified.userId, sessionId: verified.sessionId, via: 'bearer' });
    }
    throw new SessionError('ERR_NO_SESSION', 'Sign in first');
  });
  app.get('/auth/sessions', async (c) => {
    need(c);
    const list = await c.get('coatcheck').list();
    return c.json({
      sessions: list.map(({ id, createdAt, lastSeenAt, ip, userAgent, current }) => ({
        id,
        createdAt,
        lastSeenAt,
        ip,
        userAgent,
        current,
      })),
    });
  });
  app.delete('/auth/sessions/:id', async (c) => {
    need(c);
    const ok = await c.get('coatcheck').revoke(c.req.param('id'));
    return ok
      ? c.body(null, 204)
      : c.json({ error: { code: 'ERR_NOT_FOUND', message: 'Not one of your sessions' } }, 404);
  });
  app.post(
    '/auth/sessions/revoke-others',
    async (c) => (need(c), done(c, { revoked: await c.get('coatcheck').revokeOthers() })),
  );
  app.post(
    '/auth/sessions/revoke-all',
    async (c) => (need(c), done(c, { revoked: await c.get('coatcheck').revokeAll() })),
  );
  const tokenResponse = (c: Context<Env>, pair: TokenPair): Response => {
    c.header('Cache-Control', 'no-store');
    const { accessToken, refreshToken, tokenType, expiresIn } = pair;
    return c.json({ accessToken, refreshToken, tokenType, expiresIn });
  };
  app.post('/auth/tokens', async (c) => tokenResponse(c, await tokens.issue(need(c))));
  app.post('/auth/refresh', async (c) => {
    const body = await fields(c);
    if (typeof body.refreshToken !== 'string')
      throw new SessionError('ERR_BAD_REQUEST', '"refreshToken" is required');
    return tokenResponse(c, await tokens.refresh(body.refreshToken));
  });
  return app;
}

function clientContext(c: Context): { ip?: string | undefined; userAgent?: string | undefined } {
  return { ip: peerAddress(c), userAgent: c.req.header('user-agent') };
}
