// coatcheck's Fastify plugin on the Redis store, with its defaults (data encrypted at rest).
import Fastify from 'fastify';
import { coatcheck } from '../../dist/adapters/fastify/index.js';
import { createSessionManager, Keyring } from '../../dist/index.js';
import { RedisStore } from '../../dist/stores/redis/index.js';
import { announce, payload, port, prefix, redisUrl } from './common.ts';

const store = await RedisStore.connect({ connection: { url: redisUrl }, prefix });
const sessions = createSessionManager({
  store,
  secrets: Keyring.generateSecret('k1'),
  maxSessionsPerUser: 0,
});
const app = Fastify();
await app.register(coatcheck, { manager: sessions });
app.post('/login', async (request) => {
  await request.coatcheck.login({ userId: payload.userId, data: payload });
  return 'ok';
});
app.get('/read', async (request, reply) => request.coatcheck.session?.userId ?? reply.code(401).send());
app.post('/write', async (request, reply) => {
  if (!request.coatcheck.session) return reply.code(401).send();
  const data = await request.coatcheck.update<typeof payload>((d) => ({ ...d, n: d.n + 1 }));
  return String(data.n);
});
app.post('/logout', async (request) => {
  await request.coatcheck.logout();
  return 'ok';
});
await app.listen({ port, host: '127.0.0.1' });
announce(app.server);
