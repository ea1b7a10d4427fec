import { z } from 'zod';
import type { SessionManager } from '../../core/manager.js';
import { createCsrfToken } from '../../csrf/token.js';
import type { EventContext } from '../../events/types.js';
import { requireSecrets } from '../../http/needs-secrets.js';
import { type ApiRoute, route, type ServiceDeps } from '../api/route.js';
import { errorBody, jsonObject, meta, session, token, userId } from '../api/schemas.js';
import { newStoredUserId, publicSession } from '../tenants.js';

const signedIn = z.object({
  token: z.string(),
  session,
  csrfToken: z.string().describe('send it back in the X-CSRF-Token header (see the validate route)'),
});

/**
 * `POST /v1/sessions/sign-in`: what the library's `login()` does, for backends in other languages.
 * The session the browser presented (its cookie value, when it is this app's) is ended, a new one
 * starts, and its CSRF token comes back with it, so a sign-in never keeps a session id that was
 * known before it (fixation, SM-4).
 */
export function v1SignInRoutes({ sessions }: ServiceDeps): ApiRoute[] {
  return [
    route({
      method: 'post',
      path: '/v1/sessions/sign-in',
      summary: 'Sign a user in: end the presented session, start a new one, return its CSRF token',
      tag: 'service',
      security: 'serviceKey',
      body: z.object({
        userId,
        data: jsonObject.optional(),
        meta: meta.optional().describe("the browser's IP and user agent, for the device list"),
        presentedToken: token.optional().describe('the session cookie the browser sent, if any'),
      }),
      responses: { 201: signedIn, 400: errorBody, 401: errorBody, 429: errorBody, 503: errorBody },
      async handler(c, { body }) {
        const keyring = requireSecrets(sessions); // before any write: no session without its token
        const app = c.get('serviceApp');
        const stored = newStoredUserId(app, body.userId);
        const presented = (await ownedBy(sessions, app, body.presentedToken)) ? body.presentedToken : null;
        const browser: EventContext = { ip: body.meta?.ip, userAgent: body.meta?.userAgent };
        const issued = await sessions.login(
          { userId: stored, data: body.data ?? {}, meta: body.meta ?? {} },
          presented,
          browser,
        );
        const csrfToken = await createCsrfToken(keyring, issued.session.id);
        return c.json({ token: issued.token, session: publicSession(app, issued.session), csrfToken }, 201);
      },
    }),
  ];
}

/** Whether a presented token is a live session of this app: another app's is left alone. */
async function ownedBy(sessions: SessionManager, app: string | null, presented: string | undefined) {
  if (presented === undefined) return false;
  const current = await sessions.validate(presented);
  return current.session !== null && publicSession(app, current.session) !== null;
}
