import { isSessionError } from '../../errors.js';
import type { EventContext } from '../../events/types.js';
import type { DpopRequest } from '../dpop/proof.js';
import type { TokenService } from '../service.js';

/** A response any adapter can write: status, headers and a JSON body. */
export interface RefreshHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * The refresh endpoint without a framework, for token-in-body clients: takes the parsed JSON body
 * (`{ "refresh_token": "rt_…" }` or the OAuth form `grant_type=refresh_token`) and returns the
 * OAuth 2.0 token response. Adapters must call it for POST only, and CSRF-check it when the
 * refresh token travels in a cookie. Errors never echo the token. Pass `dpop` (the `DPoP` header,
 * method and URL) so DPoP clients get key-bound tokens (RFC 9449): a bad proof is answered
 * `invalid_dpop_proof`, a missing server nonce `use_dpop_nonce` with a `DPoP-Nonce` header.
 *
 * @example
 * ```ts
 * import { handleRefreshRequest } from 'coatcheck/tokens';
 * const { status, headers, body } = await handleRefreshRequest(tokens, await request.json());
 * return Response.json(body, { status, headers });
 * ```
 */
export async function handleRefreshRequest(
  service: TokenService,
  body: unknown,
  options: { binding?: string; dpop?: DpopRequest; ctx?: EventContext } = {},
): Promise<RefreshHttpResponse> {
  const nonce = options.dpop?.proof ? await service.dpopNonce() : null;
  const nonceHeader: Record<string, string> = nonce ? { 'dpop-nonce': nonce } : {};
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (fields.grant_type !== undefined && fields.grant_type !== 'refresh_token') {
    return error(400, 'unsupported_grant_type');
  }
  if (typeof fields.refresh_token !== 'string') return error(400, 'invalid_request');
  try {
    const pair = await service.refresh(
      fields.refresh_token,
      { binding: options.binding ?? '', dpop: options.dpop },
      options.ctx ?? {},
    );
    return {
      status: 200,
      headers: { ...NO_STORE, ...nonceHeader },
      body: {
        access_token: pair.accessToken,
        token_type: pair.tokenType,
        expires_in: pair.expiresIn,
        refresh_token: pair.refreshToken,
      },
    };
  } catch (cause) {
    if (isSessionError(cause, 'ERR_DPOP_NONCE')) {
      return {
        ...error(400, 'use_dpop_nonce'),
        headers: { ...NO_STORE, 'dpop-nonce': (await service.dpopNonce()) ?? '' },
      };
    }
    if (isSessionError(cause, 'ERR_DPOP_INVALID')) return error(400, 'invalid_dpop_proof');
    if (isSessionError(cause, 'ERR_VERSION_CONFLICT')) return error(409, 'temporarily_unavailable', true);
    if (isSessionError(cause, 'ERR_STORE_UNAVAILABLE')) return error(503, 'temporarily_unavailable', true);
    if (isSessionError(cause, 'ERR_TOKEN_INVALID') || isSessionError(cause, 'ERR_TOKEN_REUSED')) {
      return error(400, 'invalid_grant');
    }
    throw cause;
  }
}

function error(status: number, code: string, retry = false): RefreshHttpResponse {
  const headers: Record<string, string> = { ...NO_STORE };
  if (retry) headers['retry-after'] = '1';
  return { status, headers, body: { error: code } };
}
