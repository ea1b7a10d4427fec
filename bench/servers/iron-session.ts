// iron-session: the whole session sealed into the cookie, unsealed on every request.
import express from 'express';
import { getIronSession } from 'iron-session';
import { announce, payload, peerSecret, port } from './common.ts';

interface Data {
  userId?: string;
  n?: number;
}
const options = {
  password: peerSecret,
  cookieName: 'iron',
  cookieOptions: { secure: false, httpOnly: true },
};
const app = express();
app.post('/login', async (req, res) => {
  const session = await getIronSession<Data>(req, res, options);
  Object.assign(session, payload);
  await session.save();
  res.send('ok');
});
app.get('/read', async (req, res) => {
  const session = await getIronSession<Data>(req, res, options);
  if (session.userId) res.send(session.userId);
  else res.status(401).end();
});
app.post('/write', async (req, res) => {
  const session = await getIronSession<Data>(req, res, options);
  if (!session.userId) return void res.status(401).end();
  session.n = (session.n ?? 0) + 1;
  await session.save();
  res.send(String(session.n));
});
app.post('/logout', async (req, res) => {
  const session = await getIronSession<Data>(req, res, options);
  session.destroy();
  res.send('ok');
});
const server = app.listen(port, '127.0.0.1', () => announce(server));
