import { z } from 'zod';
import { verifyCsrfToken } from '../../csrf/token.js';
import type { ApiContext } from '../api/context.js';
import { type ApiRoute, route, type ServiceDeps } from '../api/route.js';
import { errorBody, session, token } from '../api/schemas.js';
import { publicSession } from '../tenants.js';
import { noSession } from './v1-sessions.js';

/**
 * The most validations one batch carries. 64 items of the largest token and CSRF token allowed
 * stay well inside the 64 KiB body limit, and a client coalescing its concurrent calls rarely has
 * more in flight at once.
 */
export const MAX_BATCH_ITEMS = 64;

const csrfToken = z.string().min(1).max(128);
// What one validation presents: the single call's body, and each item of a batch.
const presentedToken = z.object({ token, csrfToken: csrfToken.optional() });
const validation = z.object({ session, csrfValid: z.boolean().optional() });
// Each item answers as the single call would: its status and the body that call would carry.
const itemAnswer = z.union([
  z.object({ status: z.literal(200), body: validation }),
  z.object({ status: z.literal(401), body: errorBody }),
]);

type Answer = { status: 200; body: z.output<typeof validation> } | { status: 401; body: object };

/** `POST /v1/sessions/validate` and its batch: the hot path of every backend behind the service. */
export function v1ValidateRoutes({ sessions, validated }: ServiceDeps): ApiRoute[] {
  async function validateOne(c: ApiContext, presented: string, csrf: string | undefined): Promise<Answer> {
    const result = await sessions.validate(presented);
    if (!result.session) return { status: 401, body: noSession(result.code) };
    // Another app's session is just invalid: its existence is not revealed.
    const shown = publicSession(c.get('serviceApp'), result.session);
    if (!shown) return { status: 401, body: noSession() };
    validated?.inc();
    if (csrf === undefined) return { status: 200, body: { session: shown as z.output<typeof session> } };
    // Backends without the keyring (other languages) check a CSRF token here, bound to the session.
    const keyring = sessions.options.keyring;
    const csrfValid = keyring !== null && (await verifyCsrfToken(keyring, result.session.id, csrf));
    return { status: 200, body: { session: shown as z.output<typeof session>, csrfValid } };
  }

  return [
    route({
      method: 'post',
      path: '/v1/sessions/validate',
      summary: 'Validate a session token (the hot path: one store read)',
      tag: 'service',
      security: 'serviceKey',
      body: presentedToken,
      responses: { 200: validation, 400: errorBody, 401: errorBody, 503: errorBody },
      async handler(c, { body }) {
        const answer = await validateOne(c, body.token, body.csrfToken);
        return c.json(answer.body, answer.status);
      },
    }),
    route({
      method: 'post',
      path: '/v1/sessions/validate-batch',
      summary:
        'Validate up to 64 session tokens in one call (each item answers as /v1/sessions/validate would)',
      tag: 'service',
      security: 'serviceKey',
      body: z.object({
        items: z.array(presentedToken).min(1).max(MAX_BATCH_ITEMS),
      }),
      responses: {
        200: z.object({ results: z.array(itemAnswer) }),
        400: errorBody,
        401: errorBody,
        503: errorBody,
      },
      async handler(c, { body }) {
        // The reads go to the store together (one round trip where the client pipelines). A store
        // outage fails the whole batch closed (503), as it fails the single call.
        const results = await Promise.all(
          body.items.map((item) => validateOne(c, item.token, item.csrfToken)),
        );
        return c.json({ results });
      },
    }),
  ];
}
