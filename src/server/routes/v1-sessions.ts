import { z } from 'zod';
import type { SessionErrorCode } from '../../errors.js';
import { errorBody as errorJson } from '../../http/errors.js';
import { type ApiRoute, route, type ServiceDeps } from '../api/route.js';
import { errorBody, jsonObject, meta, session, sessionId, token, userId } from '../api/schemas.js';
import { appOwnsSession, newStoredUserId, publicSession } from '../tenants.js';

const issued = z.object({ token: z.string(), session });
// The core's reason (expired, revoked…) when there is one; another app's session is just invalid.
export const noSession = (code: SessionErrorCode = 'ERR_TOKEN_INVALID') =>
  errorJson(code, 'No valid session');
const notFound = errorJson('ERR_NOT_FOUND', 'No such session');
const idParam = z.object({ id: sessionId });

/** `/v1/sessions…`: create, rotate, update data and revoke sessions for an app (validation: v1-validate.ts). */
export function v1SessionRoutes({ sessions }: ServiceDeps): ApiRoute[] {
  return [
    route({
      method: 'post',
      path: '/v1/sessions',
      summary: 'Create a session',
      tag: 'service',
      security: 'serviceKey',
      body: z.object({ userId, data: jsonObject.optional(), meta: meta.optional() }),
      responses: { 201: issued, 400: errorBody, 401: errorBody, 429: errorBody, 503: errorBody },
      async handler(c, { body }) {
        const app = c.get('serviceApp');
        const created = await sessions.create({
          userId: newStoredUserId(app, body.userId),
          data: body.data ?? {},
          meta: body.meta ?? {},
        });
        return c.json({ token: created.token, session: publicSession(app, created.session) }, 201);
      },
    }),
    route({
      method: 'post',
      path: '/v1/sessions/regenerate',
      summary: 'Rotate a session token and id (the old token dies)',
      tag: 'service',
      security: 'serviceKey',
      body: z.object({ token, reauthenticated: z.boolean().optional() }),
      responses: { 200: issued, 400: errorBody, 401: errorBody, 503: errorBody },
      async handler(c, { body }) {
        const app = c.get('serviceApp');
        if (app !== null) {
          const current = await sessions.validate(body.token);
          if (!current.session) return c.json(noSession(current.code), 401);
          if (!publicSession(app, current.session)) return c.json(noSession(), 401);
        }
        const next = await sessions.regenerate(body.token, { reauthenticated: body.reauthenticated });
        return c.json({ token: next.token, session: publicSession(app, next.session) });
      },
    }),
    route({
      method: 'patch',
      path: '/v1/sessions/:id/data',
      summary: 'Replace session data (compare-and-set when `version` is given)',
      tag: 'service',
      security: 'serviceKey',
      params: idParam,
      body: z.object({ data: jsonObject, version: z.int().min(0).optional() }),
      responses: {
        200: z.object({ version: z.int().optional(), ok: z.boolean().optional() }),
        400: errorBody,
        401: errorBody,
        404: errorBody,
        409: errorBody,
        503: errorBody,
      },
      async handler(c, { params: { id }, body }) {
        if (!(await appOwnsSession(sessions, c.get('serviceApp'), id))) return c.json(notFound, 404);
        if (body.version !== undefined) {
          return c.json({ version: await sessions.setData({ id, version: body.version }, body.data) });
        }
        await sessions.updateData(id, () => body.data);
        return c.json({ ok: true });
      },
    }),
    route({
      method: 'delete',
      path: '/v1/sessions/:id',
      summary: 'Revoke one session',
      tag: 'service',
      security: 'serviceKey',
      params: idParam,
      responses: { 204: 'empty', 400: errorBody, 401: errorBody, 404: errorBody, 503: errorBody },
      async handler(c, { params: { id } }) {
        const app = c.get('serviceApp');
        const ok =
          (app === null || (await appOwnsSession(sessions, app, id))) &&
          (await sessions.revoke(id, { reason: 'admin' }));
        return ok ? c.body(null, 204) : c.json(notFound, 404);
      },
    }),
  ];
}
