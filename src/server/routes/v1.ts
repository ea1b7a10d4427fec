import { Hono } from 'hono';
import type { SessionManager } from '../../core/manager.js';
import type { Session } from '../../core/session.js';
import { verifyCsrfToken } from '../../csrf/token.js';
import { SessionError } from '../../errors.js';
import type { TokenService } from '../../tokens/service.js';
import { int, jsonBody, obj, str } from '../input.js';
import { serviceAuth } from '../service-auth.js';

/** Sessions as the service API shows them: no secret hash, data opened. */
export function publicSession(s: Session): Record<string, unknown> {
  return {
    id: s.id,
    userId: s.userId,
    data: s.data,
    version: s.version,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    idleExpiresAt: s.idleExpiresAt,
    absoluteExpiresAt: s.absoluteExpiresAt,
    authTime: s.authTime,
    meta: s.meta,
  };
}

/**
 * The service API for backends in any language, under `/v1`, behind service keys.
 */
export function v1Routes(
  sessions: SessionManager,
  tokens: TokenService,
  serviceKeys: readonly string[],
  validated?: { inc(): void },
): Hono {
  const v1 = new Hono();
  v1.use('*', serviceAuth(serviceKeys));

  v1.post('/sessions', async (c) => {
    const body = await jsonBody(c);
    const meta = obj(body, 'meta') as { ip?: string; userAgent?: string; label?: string } | undefined;
    const issued = await sessions.create({
      userId: str(body, 'userId', 256),
      data: obj(body, 'data') ?? {},
      meta: meta ?? {},
    });
    return c.json({ token: issued.token, session: publicSession(issued.session) }, 201);
  });
  v1.post('/sessions/validate', async (c) => {
    const body = await jsonBody(c);
    const csrfToken = body.csrfToken === undefined ? undefined : str(body, 'csrfToken', 128);
    const result = await sessions.validate(str(body, 'token'));
    if (!result.session) return c.json({ error: { code: result.code, message: 'No valid session' } }, 401);
    validated?.inc();
    const session = publicSession(result.session);
    if (csrfToken === undefined) return c.json({ session });
    // Backends without the keyring (other languages) check a CSRF token here, bound to the session.
    const keyring = sessions.options.keyring;
    const csrfValid = keyring !== null && (await verifyCsrfToken(keyring, result.session.id, csrfToken));
    return c.json({ session, csrfValid });
  });
  v1.post('/sessions/regenerate', async (c) => {
    const body = await jsonBody(c);
    const issued = await sessions.regenerate(str(body, 'token'), {
      reauthenticated: body.reauthenticated === true,
    });
    return c.json({ token: issued.token, session: publicSession(issued.session) });
  });
  v1.patch('/sessions/:id/data', async (c) => {
    const body = await jsonBody(c);
    const data = obj(body, 'data');
    if (!data) throw new SessionError('ERR_BAD_REQUEST', '"data" must be a JSON object');
    const id = c.req.param('id');
    const version = int(body, 'version');
    if (version !== undefined) return c.json({ version: await sessions.setData({ id, version }, data) });
    await sessions.updateData(id, () => data);
    return c.json({ ok: true });
  });
  v1.delete('/sessions/:id', async (c) => {
    const ok = await sessions.revoke(c.req.param('id'), { reason: 'admin' });
    return ok
      ? c.body(null, 204)
      : c.json({ error: { code: 'ERR_NOT_FOUND', message: 'No such session' } }, 404);
  });
  v1.get('/users/:userId/sessions', async (c) =>
    c.json({ sessions: await sessions.list(c.req.param('userId')) }),
  );
  v1.delete('/users/:userId/sessions', async (c) => {
    const except = c.req.query('except');
    return c.json({
      revoked: await sessions.revokeAll(c.req.param('userId'), {
        reason: 'admin',
        ...(except ? { except } : {}),
      }),
    });
  });
  v1.post('/tokens', async (c) => {
    const result = await sessions.validate(str(await jsonBody(c), 'token'));
    if (!result.session) return c.json({ error: { code: result.code, message: 'No valid session' } }, 401);
    return c.json(await tokens.issue(result.session));
  });
  v1.post('/tokens/refresh', async (c) =>
    c.json(await tokens.refresh(str(await jsonBody(c), 'refreshToken'))),
  );
  v1.post('/keys/rotate', async (c) => c.json({ kid: await tokens.rotateKeys({ immediate: false }) }));
  return v1;
}
