// The Hono example: the same routes and environment as examples/express, as a Hono 4 app on Node.
// Run it after `npm run build`:  COATCHECK_SECRETS=… EXAMPLE_PASSWORD=… node examples/hono/server.ts
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { SessionError, type SessionManager } from 'coatcheck';
import { type CoatcheckVariables, coatcheck, requireSession, sessionErrors } from 'coatcheck/adapters/hono';
import { errorBody, isFormContentType } from 'coatcheck/http';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readConfig, trustedOrigins } from '../shared/config.ts';
import { PAGE_HEADERS, renderPage } from '../shared/page.ts';
import { announce, failStart, listen, openStore, sessionManager, stopOnSignals } from '../shared/sessions.ts';
import { BAD_CREDENTIALS, checkCredentials, deviceList } from '../shared/users.ts';

type Env = { Variables: CoatcheckVariables };

// A form from the page, or JSON; malformed JSON is a 400, not a 500.
async function readBody(c: Context): Promise<unknown> {
  if (isFormContentType(c.req.header('content-type'))) return c.req.parseBody();
  try {
    return await c.req.json();
  } catch {
    throw new SessionError('ERR_BAD_REQUEST', 'Send a JSON body');
  }
}

function buildApp(sessions: SessionManager, origins: string[], password: string): Hono<Env> {
  const app = new Hono<Env>();
  app.use(bodyLimit({ maxSize: 16 * 1024 }));
  app.use(
    coatcheck(sessions, {
      trustedOrigins: origins,
      // The socket address; X-Forwarded-For is never trusted here.
      context: (c) => ({ ip: getConnInfo(c).remote.address, userAgent: c.req.header('user-agent') }),
    }),
  );

  app.get('/', async (c) => {
    const session = c.get('coatcheck').session;
    const user = session
      ? { userId: session.userId, devices: (await c.get('coatcheck').list()).length }
      : null;
    return c.body(renderPage({ user }), 200, PAGE_HEADERS);
  });
  app.post('/login', async (c) => {
    const userId = checkCredentials(await readBody(c), password);
    const form = isFormContentType(c.req.header('content-type'));
    if (!userId) {
      return form
        ? c.body(renderPage({ user: null, error: 'Wrong user or password' }), 401, PAGE_HEADERS)
        : c.json(BAD_CREDENTIALS, 401);
    }
    // login() revokes whatever session the request carried (no fixation) and sets the new cookie.
    const { session, csrfToken } = await c.get('coatcheck').login({ userId });
    return form ? c.redirect('/', 303) : c.json({ userId: session.userId, sessionId: session.id, csrfToken });
  });
  // requireSession() narrows: `c.get('coatcheck').session` is never null after it.
  app.get('/me', requireSession(), (c) => {
    const session = c.get('coatcheck').session;
    c.header('Cache-Control', 'no-store');
    return c.json({ userId: session.userId, sessionId: session.id });
  });
  app.post('/logout', async (c) => {
    await c.get('coatcheck').logout();
    return isFormContentType(c.req.header('content-type')) ? c.redirect('/', 303) : c.body(null, 204);
  });
  app.get('/sessions', requireSession(), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(deviceList(await c.get('coatcheck').list()));
  });
  app.post('/sessions/revoke-others', requireSession(), async (c) =>
    c.json({ revoked: await c.get('coatcheck').revokeOthers() }),
  );
  app.notFound((c) => c.json(errorBody('ERR_NOT_FOUND', 'No such route'), 404));
  app.onError(sessionErrors());
  return app;
}

try {
  const config = readConfig(process.env, { name: 'hono', port: 3003 });
  const store = await openStore(config.store);
  const sessions = sessionManager(store, config);
  const { server, port } = await listen(config.host, config.port);
  server.on(
    'request',
    getRequestListener(buildApp(sessions, trustedOrigins(config, port), config.password).fetch),
  );
  stopOnSignals(server, store);
  announce(config.host, port);
} catch (error) {
  failStart(error);
}
