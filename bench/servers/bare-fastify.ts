import Fastify from 'fastify';
import { announce, port } from './common.ts';

const app = Fastify();
app.post('/login', async (_req, reply) => reply.header('set-cookie', 'none=1').send('ok'));
app.get('/read', async () => 'alice');
// The ceiling for the service's validate call: a JSON POST answered with a small JSON body.
app.post('/v1/sessions/validate', async (request) => ({
  session: { token: (request.body as { token?: string }).token?.length },
}));
await app.listen({ port, host: '127.0.0.1' });
announce(app.server);
