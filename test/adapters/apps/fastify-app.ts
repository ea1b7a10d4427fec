import Fastify, { type FastifyInstance } from 'fastify';
import { coatcheckFastify } from '../../../src/adapters/fastify/index.js';
import { SessionError, type SessionManager } from '../../../src/index.js';

const need = (request: { coatcheck: { session: unknown } }): void => {
  if (!request.coatcheck.session) throw new SessionError('ERR_NO_SESSION', 'Sign in first');
};

/** The scenario routes on Fastify 5. */
export async function fastifyApp(manager: SessionManager): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(coatcheckFastify, { manager, trustedOrigins: ['http://localhost:3000'] });
  app.post('/login', async (request) => {
    const { session, csrfToken } = await request.coatcheck.login({
      userId: String((request.body as { userId?: string } | null)?.userId ?? ''),
    });
    return { userId: session.userId, sessionId: session.id, csrfToken };
  });
  app.get('/me', async (request) => {
    need(request);
    const s = request.coatcheck.session!;
    return { userId: s.userId, sessionId: s.id, data: s.data };
  });
  app.post('/data', async (request) => {
    need(request);
    const { key, value } = request.body as { key: string; value: unknown };
    return { data: await request.coatcheck.update((d) => ({ ...d, [key]: value })) };
  });
  app.post('/logout', async (request, reply) => {
    await request.coatcheck.logout();
    return reply.code(204).send();
  });
  app.get('/sessions', async (request) => (need(request), { sessions: await request.coatcheck.list() }));
  app.post(
    '/sessions/revoke-others',
    async (request) => (need(request), { revoked: await request.coatcheck.revokeOthers() }),
  );
  app.post(
    '/sessions/revoke-all',
    async (request) => (need(request), { revoked: await request.coatcheck.revokeAll() }),
  );
  return app;
}
