import Fastify from 'fastify';
import { announce, port } from './common.ts';

const app = Fastify();
app.post('/login', async (_req, reply) => reply.header('set-cookie', 'none=1').send('ok'));
app.get('/read', async () => 'alice');
await app.listen({ port, host: '127.0.0.1' });
announce(app.server);
