import type { Express } from 'express';
import {
  coatcheck,
  refreshEndpoint,
  requireAccessToken,
  requireSession,
  sessionErrors,
} from '../../../src/adapters/express/index.js';
import { errorBody } from '../../../src/http/index.js';
import type { SessionManager } from '../../../src/index.js';
import { scenarioTokens } from './tokens.js';

type ExpressFactory = () => Express;
type ExpressModule = ExpressFactory & { json(): unknown; urlencoded(o: { extended: boolean }): unknown };

/** The scenario routes on Express, built with the given Express major version. */
export function expressApp(express: ExpressModule, manager: SessionManager): Express {
  const tokens = scenarioTokens(manager);
  const app = express();
  app.use(express.json() as never, express.urlencoded({ extended: false }) as never);
  app.use(coatcheck(manager, { trustedOrigins: ['http://localhost:3000'] }));
  app.post('/login', async (req, res, next) => {
    try {
      const userId = String((req.body as { userId?: string } | undefined)?.userId ?? '');
      const { session, csrfToken } = await req.coatcheck.login({ userId });
      res.json({ userId: session.userId, sessionId: session.id, csrfToken });
    } catch (error) {
      next(error);
    }
  });
  // The narrowing form: no `!` on the session.
  app.get(
    '/me',
    requireSession((req, res) => {
      const s = req.coatcheck.session;
      res.json({ userId: s.userId, sessionId: s.id, data: s.data });
    }),
  );
  app.post('/data', requireSession(), async (req, res, next) => {
    try {
      const { key, value } = req.body as { key: string; value: unknown };
      res.json({ data: await req.coatcheck.update((d) => ({ ...d, [key]: value })) });
    } catch (error) {
      next(error);
    }
  });
  app.post('/logout', async (req, res, next) => {
    try {
      await req.coatcheck.logout();
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });
  app.get(
    '/sessions',
    requireSession(),
    async (req, res) => void res.json({ sessions: await req.coatcheck.list() }),
  );
  app.post(
    '/sessions/revoke-others',
    requireSession(),
    async (req, res) => void res.json({ revoked: await req.coatcheck.revokeOthers() }),
  );
  app.post(
    '/sessions/revoke-all',
    requireSession(),
    async (req, res) => void res.json({ revoked: await req.coatcheck.revokeAll() }),
  );
  app.post(
    '/tokens',
    requireSession(async (req, res) => void res.json(await tokens.issue(req.coatcheck.session))),
  );
  app.post('/auth/refresh', refreshEndpoint(tokens));
  app.get(
    '/api/me',
    requireAccessToken(tokens, (req, res) => void res.json({ userId: req.accessToken.userId })),
  );
  app.get('/api/boom', requireSession(), () => {
    throw new Error('kaboom');
  });
  app.use((_req, res) => void res.status(404).json(errorBody('ERR_NOT_FOUND')));
  app.use(sessionErrors());
  return app;
}
