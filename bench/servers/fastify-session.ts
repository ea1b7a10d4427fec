// @fastify/session with connect-redis, rolling off (its default is on; ROLLING=1 restores it).
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { RedisStore } from 'connect-redis';
import Fastify from 'fastify';
import { createClient } from 'redis';
import { announce, payload, peerSecret, port, prefix, redisUrl } from './common.ts';

const client = createClient({ url: redisUrl });
await client.connect();
const app = Fastify();
app.register(fastifyCookie);
app.register(fastifySession, {
  secret: peerSecret,
  store: new RedisStore({ client, prefix: `${prefix}fsess:` }) as never,
  saveUninitialized: false,
  rolling: process.env.ROLLING === '1',
  cookie: { secure: false, httpOnly: true, sameSite: 'lax', maxAge: 12 * 3600 * 1000 },
});
app.post('/login', async (req) => {
  await req.session.regenerate();
  for (const [k, v] of Object.entries(payload)) req.session.set(k as never, v as never);
  return 'ok';
});
app.get('/read', async (req, reply) => {
  const userId = req.session.get('userId' as never);
  return userId ? userId : reply.code(401).send();
});
app.post('/write', async (req, reply) => {
  const n = req.session.get('n' as never) as number | undefined;
  if (n === undefined) return reply.code(401).send();
  req.session.set('n' as never, (n + 1) as never);
  return String(n + 1);
});
app.post('/logout', async (req) => {
  await req.session.destroy();
  return 'ok';
});
await app.listen({ port, host: '127.0.0.1' });
announce(app.server);
