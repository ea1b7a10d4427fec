import { Hono } from 'hono';
import {
  type CoatcheckVariables,
  coatcheck,
  refreshEndpoint,
  requireAccessToken,
  requireSession,
  sessionErrors,
} from '../../../src/adapters/hono/index.js';
import { errorBody } from '../../../src/http/index.js';
import type { SessionManager } from '../../../src/index.js';
import { scenarioTokens } from './tokens.js';

/** The scenario routes on Hono 4. */
export function honoApp(manager: SessionManager): Hono<{ Variables: CoatcheckVariables }> {
  const tokens = scenarioTokens(manager);
  const app = new Hono<{ Variables: CoatcheckVariables }>();
  app.onError(sessionErrors());
  app.notFound((c) => c.json(errorBody('ERR_NOT_FOUND'), 404));
  app.use(coatcheck(manager, { trustedOrigins: ['http://localhost:3000'] }));
  app.post('/login', async (c) => {
    const body = c.req.header('content-type')?.includes('json')
      ? await c.req.json<{ userId?: string }>()
      : await c.req.parseBody();
    const { session, csrfToken } = await c.get('coatcheck').login({ userId: String(body.userId ?? '') });
    return c.json({ userId: session.userId, sessionId: session.id, csrfToken });
  });
  // requireSession() narrows: no `!` on the session.
  app.get('/me', requireSession(), (c) => {
    const s = c.get('coatcheck').session;
    return c.json({ userId: s.userId, sessionId: s.id, data: s.data });
  });
  app.post('/data', requireSession(), async (c) => {
    const { key, value } = await c.req.json<{ key: string; value: unknown }>();
    return c.json({ data: await c.get('coatcheck').update((d) => ({ ...d, [key]: value })) });
  });
  app.post('/logout', async (c) => {
    await c.get('coatcheck').logout();
    return c.body(null, 204);
  });
  app.get('/sessions', requireSession(), async (c) => c.json({ sessions: await c.get('coatcheck').list() }));
  app.post('/sessions/revoke-others', requireSession(), async (c) =>
    c.json({ revoked: await c.get('coatcheck').revokeOthers() }),
  );
  app.post('/sessions/revoke-all', requireSession(), async (c) =>
    c.json({ revoked: await c.get('coatcheck').revokeAll() }),
  );
  app.post('/tokens', requireSession(), async (c) => c.json(await tokens.issue(c.get('coatcheck').session)));
  app.post('/auth/refresh', refreshEndpoint(tokens));
  app.get('/api/me', requireAccessToken(tokens), (c) => c.json({ userId: c.get('accessToken').userId }));
  app.get('/api/boom', requireSession(), () => {
    throw new Error('kaboom');
  });
  return app;
}
