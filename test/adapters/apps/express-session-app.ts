import { createServer, type Server } from 'node:http';
import express from 'express';
import session from 'express-session';
import { sessionErrors } from '../../../src/adapters/express/index.js';
import type { CoatcheckSessionStore } from '../../../src/adapters/express-session/index.js';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    userAgent?: string;
    cart?: unknown[];
  }
}

export const SESSION_COOKIE = 'connect.sid';

/**
 * An ordinary express-session app (the kind that runs on connect-redis today) with the coatcheck
 * store as its `store`, plus the device routes the bridge makes possible.
 */
export function expressSessionApp(
  store: CoatcheckSessionStore,
  secret: string,
  maxAgeMs = 60_000,
): express.Express {
  const app = express();
  app.use(express.json());
  app.use(
    session({
      store,
      secret,
      name: SESSION_COOKIE,
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: maxAgeMs, httpOnly: true, sameSite: 'lax' },
    }),
  );
  app.post('/login', (req, res, next) => {
    // express-session's own advice: a new sid at sign-in (the bridge cannot rotate it for you).
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.userId = String(req.body.userId);
      req.session.userAgent = req.get('user-agent');
      res.json({ ok: true });
    });
  });
  app.post('/cart', (req, res) => {
    req.session.cart = [...(req.session.cart ?? []), req.body.item];
    res.json({ cart: req.session.cart });
  });
  app.get('/me', (req, res) => {
    if (!req.session.userId) return void res.status(401).json({ error: 'signed out' });
    res.json({ userId: req.session.userId, cart: req.session.cart ?? [] });
  });
  app.get('/cart', (req, res) => void res.json({ cart: req.session.cart ?? [] }));
  app.get('/devices', async (req, res) => {
    if (!req.session.userId) return void res.status(401).json({ error: 'signed out' });
    res.json({ devices: await store.list(req.session.userId, req.sessionID) });
  });
  app.post('/devices/revoke-others', async (req, res) => {
    if (!req.session.userId) return void res.status(401).json({ error: 'signed out' });
    res.json({ revoked: await store.revokeAll(req.session.userId, { exceptSid: req.sessionID }) });
  });
  app.post('/logout', (req, res, next) => {
    req.session.destroy((error) => (error ? next(error) : res.status(204).end()));
  });
  // Store errors reach here through express-session's next(err): 503, never a stack trace.
  app.use(sessionErrors());
  return app;
}

/** Serves an app on a free loopback port. */
export async function serve(app: express.Express): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
