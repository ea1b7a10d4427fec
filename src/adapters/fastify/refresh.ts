import type { RouteHandlerMethod } from 'fastify';
import { handleRefreshRequest } from '../../tokens/refresh/http.js';
import type { TokenService } from '../../tokens/service.js';

/**
 * A refresh route handler for token-in-body clients (OAuth 2.0 token response): mount it on a
 * POST route under the plugin, so browser-borne requests pass the cross-origin check.
 *
 * @example
 * ```ts
 * import { refreshEndpoint } from 'coatcheck/adapters/fastify';
 * app.post('/oauth/token', refreshEndpoint(tokens));
 * ```
 */
export function refreshEndpoint(tokens: TokenService): RouteHandlerMethod {
  return async function coatcheckRefresh(request, reply) {
    const url = `${request.protocol}://${request.host}${request.url}`;
    const dpop = { proof: request.headers.dpop as string | undefined, method: request.method, url };
    const { status, headers, body } = await handleRefreshRequest(tokens, request.body, { dpop });
    return reply.code(status).headers(headers).send(body);
  };
}
