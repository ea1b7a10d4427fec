import { z } from 'zod';
import { SessionError } from '../../errors.js';
import { errorBody as errorJson } from '../../http/errors.js';
import { KID_PATTERN } from '../../keys/signing/keyset.js';
import { type ApiRoute, route, type ServiceDeps } from '../api/route.js';
import { errorBody, refreshBody, tokenBody, tokenPair } from '../api/schemas.js';
import { publicSession, refreshBinding } from '../tenants.js';

/** `/v1/tokens…`, `/v1/keys/rotate` and `/v1/keys/:kid/revoke`: tokens, key rotation and withdrawal. */
export function v1TokenRoutes({ sessions, tokens }: ServiceDeps): ApiRoute[] {
  return [
    route({
      method: 'post',
      path: '/v1/tokens',
      summary: 'Issue an access token and a refresh token for a session',
      tag: 'service',
      security: 'serviceKey',
      body: tokenBody,
      responses: { 200: tokenPair, 400: errorBody, 401: errorBody, 503: errorBody },
      async handler(c, { body }) {
        const app = c.get('serviceApp');
        const result = await sessions.validate(body.token);
        if (!result.session || !publicSession(app, result.session)) {
          const code = result.session ? 'ERR_TOKEN_INVALID' : result.code;
          return c.json(errorJson(code, 'No valid session'), 401);
        }
        c.header('Cache-Control', 'no-store');
        const binding = refreshBinding(app);
        // The app's tokens carry its audience, the app-relative `sub` and the `app` claim (M1).
        return c.json(await tokens.issue(result.session, { binding, dpop: body.dpop, app }));
      },
    }),
    route({
      method: 'post',
      path: '/v1/tokens/refresh',
      summary: 'Rotate a refresh token (reuse revokes the family and its session)',
      tag: 'service',
      security: 'serviceKey',
      body: refreshBody,
      responses: { 200: tokenPair, 400: errorBody, 401: errorBody, 409: errorBody, 503: errorBody },
      async handler(c, { body }) {
        const app = c.get('serviceApp');
        c.header('Cache-Control', 'no-store');
        const options = { binding: refreshBinding(app), dpop: body.dpop, app };
        return c.json(await tokens.refresh(body.refreshToken, options));
      },
    }),
    route({
      method: 'post',
      path: '/v1/keys/rotate',
      summary: 'Publish the next signing key (operator keys only: the keys are shared by every app)',
      tag: 'service',
      security: 'serviceKey',
      responses: { 200: z.object({ kid: z.string() }), 401: errorBody, 403: errorBody, 503: errorBody },
      async handler(c) {
        if (c.get('serviceApp') !== null) {
          throw new SessionError('ERR_FORBIDDEN', 'Only an operator key may rotate signing keys');
        }
        return c.json({ kid: await tokens.rotateKeys({ immediate: false }) });
      },
    }),
    route({
      method: 'post',
      path: '/v1/keys/:kid/revoke',
      summary:
        'Withdraw a signing key at once after a compromise: it leaves JWKS and its tokens are refused (operator keys only)',
      tag: 'service',
      security: 'serviceKey',
      params: z.object({ kid: z.string().regex(KID_PATTERN, 'a key id') }),
      responses: {
        200: z.object({ revoked: z.string(), signing: z.string() }),
        400: errorBody,
        401: errorBody,
        403: errorBody,
        404: errorBody,
        503: errorBody,
      },
      async handler(c, { params }) {
        if (c.get('serviceApp') !== null) {
          throw new SessionError('ERR_FORBIDDEN', 'Only an operator key may withdraw signing keys');
        }
        const signing = await tokens.revokeKey(params.kid);
        if (signing === null) return c.json(errorJson('ERR_NOT_FOUND', 'No such signing key'), 404);
        return c.json({ revoked: params.kid, signing });
      },
    }),
  ];
}
