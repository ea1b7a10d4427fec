import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isFormContentType } from '../../http/form.js';
import { handleRefreshRequest } from '../../tokens/refresh/http.js';
import type { TokenService } from '../../tokens/service.js';

/**
 * A refresh endpoint for token-in-body clients (OAuth 2.0 token response). Mount it under the
 * session middleware so browser-borne requests pass the cross-origin check.
 *
 * @example
 * ```ts
 * import { refreshEndpoint } from 'coatcheck/adapters/hono';
 * app.post('/oauth/token', refreshEndpoint(tokens));
 * ```
 */
export function refreshEndpoint(tokens: TokenService): (c: Context) => Promise<Response> {
  return async function coatcheckRefresh(c: Context): Promise<Response> {
    let body: unknown = null;
    try {
      // JSON, or the OAuth form (`grant_type=refresh_token&refresh_token=…`).
      body = isFormContentType(c.req.header('content-type')) ? await c.req.parseBody() : await c.req.json();
    } catch {
      body = null;
    }
    const dpop = { proof: c.req.header('dpop'), method: c.req.method, url: c.req.url };
    const result = await handleRefreshRequest(tokens, body, { dpop });
    for (const [name, value] of Object.entries(result.headers)) c.header(name, value);
    return c.json(result.body, result.status as ContentfulStatusCode);
  };
}
