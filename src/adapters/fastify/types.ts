import type { FastifyRequest } from 'fastify';
import type { SignedInActions } from '../../http/actions.js';
import type { VerifiedAccessToken } from '../../tokens/access/verify.js';

/**
 * A request inside a `requireSession(handler)`: `request.coatcheck.session` is never null.
 *
 * @example
 * ```ts
 * import type { SignedInRequest } from 'coatcheck/adapters/fastify';
 * const me = (request: SignedInRequest) => request.coatcheck.session.userId;
 * ```
 */
export type SignedInRequest = FastifyRequest & { coatcheck: SignedInActions };

/**
 * A request inside a `requireAccessToken(verifier, handler)`: `request.accessToken` is set.
 *
 * @example
 * ```ts
 * import type { BearerRequest } from 'coatcheck/adapters/fastify';
 * const me = (request: BearerRequest) => request.accessToken.userId;
 * ```
 */
export type BearerRequest = FastifyRequest & { accessToken: VerifiedAccessToken };
