import { z } from 'zod';
import { errorBody as errorJson } from '../../http/errors.js';
import type { TokenPair } from '../../tokens/types.js';
import { type DemoRoute, demoRoute, type ServiceContext, type ServiceDeps } from '../api/route.js';
import { errorBody, refreshBody, revoked, tokenPair } from '../api/schemas.js';
import { answer, dpopRequest, requireDemoSession } from './demo-auth.js';

/** Refresh families the demo issues carry this binding, apart from /v1's (`''`, `app:<name>`). */
const DEMO_BINDING = 'demo';

const listed = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      createdAt: z.int(),
      lastSeenAt: z.int(),
      ip: z.string().optional(),
      userAgent: z.string().optional(),
      device: z.string().optional().describe('made from the User-Agent at sign-in: "Chrome 156 on macOS"'),
      current: z.boolean(),
    }),
  ),
});

function tokenResponse(c: ServiceContext, pair: TokenPair): Response {
  c.header('Cache-Control', 'no-store');
  const { accessToken, refreshToken, tokenType, expiresIn } = pair;
  return c.json({ accessToken, refreshToken, tokenType, expiresIn });
}

/** The signed-in user's devices (list, sign out one / others / all) and tokens for API clients. */
export function demoSessionRoutes({ tokens }: ServiceDeps): DemoRoute[] {
  const common = { tag: 'demo', security: 'session' } as const;
  return [
    demoRoute({
      ...common,
      method: 'get',
      path: '/auth/sessions',
      summary: 'Your devices',
      responses: { 200: listed, 401: errorBody },
      async handler(c) {
        requireDemoSession(c);
        const list = await c.get('coatcheck').list();
        return c.json({
          sessions: list.map(({ id, createdAt, lastSeenAt, ip, userAgent, device, current }) => ({
            id,
            createdAt,
            lastSeenAt,
            ip,
            userAgent,
            device,
            current,
          })),
        });
      },
    }),
    demoRoute({
      ...common,
      method: 'delete',
      path: '/auth/sessions/:id',
      summary: 'Sign out one of your devices (404 when it is not yours)',
      params: z.object({ id: z.string().max(64) }),
      responses: { 204: 'empty', 401: errorBody, 403: errorBody, 404: errorBody },
      async handler(c, { params }) {
        requireDemoSession(c);
        return (await c.get('coatcheck').revoke(params.id))
          ? c.body(null, 204)
          : c.json(errorJson('ERR_NOT_FOUND', 'Not one of your sessions'), 404);
      },
    }),
    demoRoute({
      ...common,
      method: 'post',
      path: '/auth/sessions/revoke-others',
      summary: 'Sign out every other device',
      responses: { 200: revoked, 303: 'redirect', 401: errorBody, 403: errorBody },
      async handler(c) {
        requireDemoSession(c);
        return answer(c, { revoked: await c.get('coatcheck').revokeOthers() });
      },
    }),
    demoRoute({
      ...common,
      method: 'post',
      path: '/auth/sessions/revoke-all',
      summary: 'Sign out everywhere, this device included',
      responses: { 200: revoked, 303: 'redirect', 401: errorBody, 403: errorBody },
      async handler(c) {
        requireDemoSession(c);
        return answer(c, { revoked: await c.get('coatcheck').revokeAll() });
      },
    }),
    demoRoute({
      ...common,
      method: 'post',
      path: '/auth/tokens',
      summary: 'An access token and a refresh token for this session',
      responses: { 200: tokenPair, 401: errorBody, 403: errorBody },
      handler: async (c) =>
        tokenResponse(
          c,
          await tokens.issue(requireDemoSession(c), { dpop: dpopRequest(c), binding: DEMO_BINDING }),
        ),
    }),
    demoRoute({
      method: 'post',
      path: '/auth/refresh',
      summary: 'Rotate a refresh token (401 on reuse or expiry)',
      tag: 'demo',
      security: 'none',
      accepts: ['json', 'form'],
      body: refreshBody,
      responses: { 200: tokenPair, 400: errorBody, 401: errorBody, 403: errorBody, 409: errorBody },
      // Only the demo's own families: an operator's or an app's refresh token presented here is
      // treated like one presented by the wrong client (refused, its family revoked).
      handler: async (c, { body }) =>
        tokenResponse(
          c,
          await tokens.refresh(body.refreshToken, { dpop: dpopRequest(c), binding: DEMO_BINDING }),
        ),
    }),
  ];
}
