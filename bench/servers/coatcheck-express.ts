// coatcheck's Express adapter on the Redis store (STORE=memory: its memory store), with its
// defaults (data encrypted at rest).
import express from 'express';
import { coatcheck } from '../../dist/adapters/express/index.js';
import { createSessionManager, Keyring } from '../../dist/index.js';
import { MemoryStore } from '../../dist/stores/memory/index.js';
import { RedisStore } from '../../dist/stores/redis/index.js';
import { announce, payload, port, prefix, redisUrl } from './common.ts';

const store =
  process.env.STORE === 'memory'
    ? new MemoryStore({ allowInProduction: true })
    : await RedisStore.connect({ connection: { url: redisUrl }, prefix });
const sessions = createSessionManager({
  store,
  // Processes that share sessions share secrets (the two-process write benchmark passes them).
  secrets: process.env.COATCHECK_SECRETS ?? Keyring.generateSecret('k1'),
  maxSessionsPerUser: 0,
});
const app = express();
app.use(coatcheck(sessions));
app.post('/login', async (req, res) => {
  await req.coatcheck.login({ userId: payload.userId, data: payload });
  res.send('ok');
});
app.get(
  '/read',
  (req, res) => void (req.coatcheck.session ? res.send(req.coatcheck.session.userId) : res.status(401).end()),
);
app.post('/write', async (req, res) => {
  if (!req.coatcheck.session) return void res.status(401).end();
  const data = await req.coatcheck.update<typeof payload>((d) => ({ ...d, n: d.n + 1 }));
  res.send(String(data.n));
});
app.post('/logout', async (req, res) => {
  await req.coatcheck.logout();
  res.send('ok');
});
const server = app.listen(port, '127.0.0.1', () => announce(server));
