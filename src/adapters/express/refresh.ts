import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { handleRefreshRequest } from '../../tokens/refresh/http.js';
import type { TokenService } from '../../tokens/service.js';

/**
 * A POST-only refresh endpoint for token-in-body clients (OAuth 2.0 token response). Mount it
 * after `coatcheck(...)`, so a browser-borne request also passes the cross-origin check.
 *
 * @example
 * ```ts
 * import { refreshEndpoint } from 'coatcheck/adapters/express';
 * app.post('/oauth/token', express.json(), express.urlencoded({ extended: false }), refreshEndpoint(tokens));
 * ```
 */
export function refreshEndpoint(tokens: TokenService): RequestHandler {
  return async function coatcheckRefresh(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const url = `${req.protocol}://${req.get('host')}${req.originalUrl}`;
      const dpop = { proof: req.get('dpop'), method: req.method, url };
      const { status, headers, body } = await handleRefreshRequest(tokens, req.body, { dpop });
      res.status(status).set(headers).json(body);
    } catch (error) {
      next(error);
    }
  };
}
