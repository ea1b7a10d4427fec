// The Express example: sign in, who am I, devices, sign the other devices out, sign out.
// Run it after `npm run build`:  COATCHECK_SECRETS=… EXAMPLE_PASSWORD=… node examples/express/server.ts
import type { SessionManager } from 'coatcheck';
import { coatcheck, requireSession, sessionErrors } from 'coatcheck/adapters/express';
import { errorBody, isFormContentType } from 'coatcheck/http';
import express, { type Express } from 'express';
import { readConfig, trustedOrigins } from '../shared/config.ts';
import { PAGE_HEADERS, renderPage } from '../shared/page.ts';
import { announce, failStart, listen, openStore, sessionManager, stopOnSignals } from '../shared/sessions.ts';
import { BAD_CREDENTIALS, checkCredentials, deviceList } from '../shared/users.ts';

function buildApp(sessions: SessionManager, origins: string[], password: string): Express {
  const app = express();
  app.disable('x-powered-by');
  // Body parsers first, so a form's `_csrf` field is readable by the cross-origin check.
  app.use(express.json({ limit: '16kb' }), express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(coatcheck(sessions, { trustedOrigins: origins }));

  app.get('/', async (req, res) => {
    const session = req.coatcheck.session;
    const user = session ? { userId: session.userId, devices: (await req.coatcheck.list()).length } : null;
    res.set(PAGE_HEADERS).send(renderPage({ user }));
  });
  app.post('/login', async (req, res) => {
    const userId = checkCredentials(req.body, password);
    const form = isFormContentType(req.get('content-type'));
    if (!userId) {
      if (form)
        res
          .status(401)
          .set(PAGE_HEADERS)
          .send(renderPage({ user: null, error: 'Wrong user or password' }));
      else res.status(401).json(BAD_CREDENTIALS);
      return;
    }
    // login() revokes whatever session the request carried (no fixation) and sets the new cookie.
    const { session, csrfToken } = await req.coatcheck.login({ userId });
    if (form) res.redirect(303, '/');
    else res.json({ userId: session.userId, sessionId: session.id, csrfToken });
  });
  // Given the handler, requireSession narrows: `req.coatcheck.session` is never null inside.
  app.get(
    '/me',
    requireSession((req, res) => {
      const session = req.coatcheck.session;
      res.set('Cache-Control', 'no-store').json({ userId: session.userId, sessionId: session.id });
    }),
  );
  app.post('/logout', async (req, res) => {
    await req.coatcheck.logout();
    if (isFormContentType(req.get('content-type'))) res.redirect(303, '/');
    else res.status(204).end();
  });
  app.get('/sessions', requireSession(), async (req, res) => {
    res.set('Cache-Control', 'no-store').json(deviceList(await req.coatcheck.list()));
  });
  app.post('/sessions/revoke-others', requireSession(), async (req, res) => {
    res.json({ revoked: await req.coatcheck.revokeOthers() });
  });
  app.use((_req, res) => {
    res.status(404).json(errorBody('ERR_NOT_FOUND', 'No such route'));
  });
  app.use(sessionErrors());
  return app;
}

try {
  const config = readConfig(process.env, { name: 'express', port: 3001 });
  const store = await openStore(config.store);
  const sessions = sessionManager(store, config);
  const { server, port } = await listen(config.host, config.port);
  server.on('request', buildApp(sessions, trustedOrigins(config, port), config.password));
  stopOnSignals(server, store);
  announce(config.host, port);
} catch (error) {
  failStart(error);
}
