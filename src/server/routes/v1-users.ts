import { z } from 'zod';
import { type ApiRoute, route, type ServiceDeps } from '../api/route.js';
import { device, errorBody, revoked, sessionId, userId } from '../api/schemas.js';
import { storedUserId } from '../tenants.js';

const userParam = z.object({ userId });

/** `/v1/users/:userId/sessions`: one user's devices, and revoking them (within the key's app). */
export function v1UserRoutes({ sessions }: ServiceDeps): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/v1/users/:userId/sessions',
      summary: "A user's live sessions (devices), oldest first",
      tag: 'service',
      security: 'serviceKey',
      params: userParam,
      responses: {
        200: z.object({ sessions: z.array(device) }),
        400: errorBody,
        401: errorBody,
        503: errorBody,
      },
      async handler(c, { params }) {
        const stored = storedUserId(c.get('serviceApp'), params.userId);
        return c.json({ sessions: await sessions.list(stored) });
      },
    }),
    route({
      method: 'delete',
      path: '/v1/users/:userId/sessions',
      summary: "Revoke a user's sessions: all, or all but `except`",
      tag: 'service',
      security: 'serviceKey',
      params: userParam,
      query: z.object({ except: sessionId.optional() }),
      responses: { 200: revoked, 400: errorBody, 401: errorBody, 503: errorBody },
      async handler(c, { params, query }) {
        const stored = storedUserId(c.get('serviceApp'), params.userId);
        const options = query.except
          ? { reason: 'admin' as const, except: query.except }
          : { reason: 'admin' as const };
        return c.json({ revoked: await sessions.revokeAll(stored, options) });
      },
    }),
  ];
}
