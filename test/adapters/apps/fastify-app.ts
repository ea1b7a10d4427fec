import Fastify, { type FastifyInstance } from 'fastify';
import {
  coatcheck,
  refreshEndpoint,
  requireAccessToken,
  requireSession,
  sessionErrors,
} from '../../../src/adapters/fastify/index.js';
import type { SessionManager } from '../../../src/index.js';
import { scenarioTokens } from './tokens.js';

/** The scenario routes on Fastify 5. */
export async function fastifyApp(manager: SessionManager): Promise<FastifyInstance> {
  const tokens = scenarioTokens(manager);
  const app = Fastify();
  app.setErrorHandler(sessionErrors());
  await app.register(coatcheck, { manager, trustedOrigins: ['http://localhost:3000'] });
  app.post('/login', async (request) => {
    const { session, csrfToken } = await request.coatcheck.login({
      userId: String((request.body as { userId?: string } | null)?.userId ?? ''),
    });
    return { userId: session.userId, sessionId: session.id, csrfToken };
  });
  // The narrowing form: no `!` on the session.
  app.get(
    '/me',
    requireSession(async (request) => {
      const s = request.coatcheck.session;
      return { userId: s.userId, sessionId: s.id, data: s.data };
    }),
  );
  app.post('/data', { onRequest: requireSession() }, async (request) => {
    const { key, value } = request.body as { key: string; value: unknown };
    return { data: await request.coatcheck.update((d) => ({ ...d, [key]: value })) };
  });
  app.post('/logout', async (request, reply) => {
    await request.coatcheck.logout();
    return reply.code(204).send();
  });
  app.get('/sessions', { onRequest: requireSession() }, async (request) => ({
    sessions: await request.coatcheck.list(),
  }));
  app.post('/sessions/revoke-others', { onRequest: requireSession() }, async (request) => ({
    revoked: await request.coatcheck.revokeOthers(),
  }));
  app.post('/sessions/revoke-all', { onRequest: requireSession() }, async (request) => ({
    revoked: await request.coatcheck.revokeAll(),
  }));
  app.post(
    '/tokens',
    requireSession(async (request) => tokens.issue(request.coatcheck.session)),
  );
  app.post('/auth/refresh', refreshEndpoint(tokens));
  app.get(
    '/api/me',
    requireAccessToken(tokens, async (request) => ({ userId: request.accessToken.userId })),
  );
  app.get('/api/boom', { onRequest: requireSession() }, async () => {
    throw new Error('kaboom');
  });
  return app;
}
