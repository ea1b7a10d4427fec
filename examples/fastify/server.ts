// The Fastify example: the same routes and environment as examples/express, as a Fastify 5 app.
// Run it after `npm run build`:  COATCHECK_SECRETS=… EXAMPLE_PASSWORD=… node examples/fastify/server.ts
import type { Server } from 'node:http';
import type { SessionManager } from 'coatcheck';
import { coatcheck, requireSession, sessionErrors } from 'coatcheck/adapters/fastify';
import { errorBody, isFormContentType } from 'coatcheck/http';
import Fastify, { type FastifyInstance } from 'fastify';
import { readConfig, trustedOrigins } from '../shared/config.ts';
import { PAGE_HEADERS, renderPage } from '../shared/page.ts';
import { announce, failStart, listen, openStore, sessionManager, stopOnSignals } from '../shared/sessions.ts';
import { BAD_CREDENTIALS, checkCredentials, deviceList } from '../shared/users.ts';

async function buildApp(
  server: Server,
  sessions: SessionManager,
  origins: string[],
  password: string,
): Promise<FastifyInstance> {
  // serverFactory hands Fastify the server that is already listening (so origins name its port).
  const app = Fastify({ bodyLimit: 16 * 1024, serverFactory: (handler) => server.on('request', handler) });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  // coatcheck's error handler is opt-in: the shared status table, never a stack trace.
  app.setErrorHandler(sessionErrors());
  await app.register(coatcheck, { manager: sessions, trustedOrigins: origins });

  app.get('/', async (request, reply) => {
    const session = request.coatcheck.session;
    const user = session
      ? { userId: session.userId, devices: (await request.coatcheck.list()).length }
      : null;
    return reply.headers(PAGE_HEADERS).send(renderPage({ user }));
  });
  app.post('/login', async (request, reply) => {
    const userId = checkCredentials(request.body, password);
    const form = isFormContentType(request.headers['content-type']);
    if (!userId) {
      return form
        ? reply
            .code(401)
            .headers(PAGE_HEADERS)
            .send(renderPage({ user: null, error: 'Wrong user or password' }))
        : reply.code(401).send(BAD_CREDENTIALS);
    }
    // login() revokes whatever session the request carried (no fixation) and sets the new cookie.
    const { session, csrfToken } = await request.coatcheck.login({ userId });
    return form ? reply.redirect('/', 303) : { userId: session.userId, sessionId: session.id, csrfToken };
  });
  // Given the handler, requireSession narrows: `request.coatcheck.session` is never null inside.
  app.get(
    '/me',
    requireSession(async (request, reply) => {
      const session = request.coatcheck.session;
      return reply
        .header('cache-control', 'no-store')
        .send({ userId: session.userId, sessionId: session.id });
    }),
  );
  app.post('/logout', async (request, reply) => {
    await request.coatcheck.logout();
    return isFormContentType(request.headers['content-type'])
      ? reply.redirect('/', 303)
      : reply.code(204).send();
  });
  app.get('/sessions', { onRequest: requireSession() }, async (request, reply) =>
    reply.header('cache-control', 'no-store').send(deviceList(await request.coatcheck.list())),
  );
  app.post('/sessions/revoke-others', { onRequest: requireSession() }, async (request) => ({
    revoked: await request.coatcheck.revokeOthers(),
  }));
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send(errorBody('ERR_NOT_FOUND', 'No such route')),
  );
  await app.ready();
  return app;
}

try {
  const config = readConfig(process.env, { name: 'fastify', port: 3002 });
  const store = await openStore(config.store);
  const sessions = sessionManager(store, config);
  const { server, port } = await listen(config.host, config.port);
  await buildApp(server, sessions, trustedOrigins(config, port), config.password);
  stopOnSignals(server, store);
  announce(config.host, port);
} catch (error) {
  failStart(error);
}
