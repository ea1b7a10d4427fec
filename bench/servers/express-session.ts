// express-session as most apps deploy it: connect-redis (or its MemoryStore), rolling on or off;
// PEER_STORE=coatcheck puts it on coatcheck's Redis store through CoatcheckSessionStore.
import { RedisStore } from 'connect-redis';
import express from 'express';
import session from 'express-session';
import { createClient } from 'redis';
import { CoatcheckSessionStore } from '../../dist/adapters/express-session/index.js';
import { createSessionManager, Keyring } from '../../dist/index.js';
import { RedisStore as CoatcheckRedisStore } from '../../dist/stores/redis/index.js';
import { announce, payload, peerSecret, port, prefix, redisUrl } from './common.ts';

const storeKind = process.env.PEER_STORE ?? 'redis';
const rolling = process.env.ROLLING === '1';
let store: session.Store | undefined;
if (storeKind === 'redis') {
  const client = createClient({ url: redisUrl });
  await client.connect();
  store = new RedisStore({ client, prefix: `${prefix}sess:` });
} else if (storeKind === 'coatcheck') {
  // The same app on coatcheck's Redis store through the express-session bridge.
  const manager = createSessionManager({
    store: await CoatcheckRedisStore.connect({ connection: { url: redisUrl }, prefix }),
    secrets: Keyring.generateSecret('k1'),
    maxSessionsPerUser: 0,
  });
  store = new CoatcheckSessionStore({ manager, userId: (sess) => sess.userId });
}

const app = express();
app.use(
  session({
    store,
    secret: peerSecret,
    resave: false,
    saveUninitialized: false,
    rolling,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: 12 * 3600 * 1000 },
  }),
);
declare module 'express-session' {
  interface SessionData {
    userId: string;
    n: number;
  }
}
app.post('/login', (req, res) => {
  req.session.regenerate(() => {
    Object.assign(req.session, payload);
    res.send('ok');
  });
});
app.get(
  '/read',
  (req, res) => void (req.session.userId ? res.send(req.session.userId) : res.status(401).end()),
);
app.post('/write', (req, res) => {
  if (!req.session.userId) return void res.status(401).end();
  req.session.n = (req.session.n ?? 0) + 1;
  res.send(String(req.session.n));
});
app.post('/logout', (req, res) => {
  req.session.destroy(() => void res.clearCookie('connect.sid').send('ok'));
});
const server = app.listen(port, '127.0.0.1', () => announce(server));
