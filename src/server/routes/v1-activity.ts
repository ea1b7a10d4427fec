import { z } from 'zod';
import { type ApiRoute, route, type ServiceDeps } from '../api/route.js';
import { activityPage, errorBody, userId } from '../api/schemas.js';
import { storedUserId } from '../tenants.js';

const userParam = z.object({ userId });

/**
 * `/v1/users/:userId/activity` and `/v1/users/:userId/end-everything`: one user's security
 * history, and ending all of their sessions and tokens at once (within the key's app).
 */
export function v1ActivityRoutes({ sessions }: ServiceDeps): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/v1/users/:userId/activity',
      summary: "A user's security activity, newest first, paginated",
      tag: 'service',
      security: 'serviceKey',
      params: userParam,
      query: z.object({
        limit: z
          .string()
          .regex(/^(100|[1-9]\d?)$/, 'an integer from 1 to 100')
          .optional()
          .describe('entries per page, 1-100 (default 20)'),
        before: z
          .string()
          .regex(/^[1-9]\d{0,14}$/, 'an entry id')
          .optional()
          .describe('the `next` of the previous page'),
      }),
      responses: { 200: activityPage, 400: errorBody, 401: errorBody, 503: errorBody },
      async handler(c, { params, query }) {
        const stored = storedUserId(c.get('serviceApp'), params.userId);
        const limit = query.limit === undefined ? undefined : Number(query.limit);
        return c.json(await sessions.activity(stored, { limit, before: query.before }));
      },
    }),
    route({
      method: 'post',
      path: '/v1/users/:userId/end-everything',
      summary:
        'End every session, refresh-token family and access token of a user (password change, account disable)',
      tag: 'service',
      security: 'serviceKey',
      params: userParam,
      body: z.object({
        reason: z
          .string()
          .regex(/^[a-z0-9][a-z0-9._:-]{0,63}$/, '1-64 of a-z 0-9 . _ : -')
          .describe('recorded in the activity entry, e.g. password-changed'),
      }),
      responses: {
        200: z.object({
          sessions: z.int().describe('sessions ended'),
          notBefore: z.int().describe('access tokens issued before this time (ms) are refused'),
        }),
        400: errorBody,
        401: errorBody,
        503: errorBody,
      },
      async handler(c, { params, body }) {
        const stored = storedUserId(c.get('serviceApp'), params.userId);
        return c.json(await sessions.endEverything(stored, body.reason, { actor: 'operator' }));
      },
    }),
  ];
}
