import type { Request } from 'express';
import type { Session } from '../../core/session.js';
import type { SessionActions, SignedInActions } from '../../http/actions.js';
import type { VerifiedAccessToken } from '../../tokens/access/verify.js';

/** What the middleware puts on every request, as `req.coatcheck`. */
export interface CoatcheckRequest extends SessionActions {
  readonly session: Session | null;
}

/**
 * A request inside a `requireSession(handler)`: `req.coatcheck.session` is the session, never null.
 *
 * @example
 * ```ts
 * import type { SignedInRequest } from 'coatcheck/adapters/express';
 * const me = (req: SignedInRequest) => req.coatcheck.session.userId;
 * ```
 */
export type SignedInRequest = Request & { coatcheck: SignedInActions };

/**
 * A request inside a `requireAccessToken(verifier, handler)`: `req.accessToken` is the verified token.
 *
 * @example
 * ```ts
 * import type { BearerRequest } from 'coatcheck/adapters/express';
 * const me = (req: BearerRequest) => req.accessToken.userId;
 * ```
 */
export type BearerRequest = Request & { accessToken: VerifiedAccessToken };

// coatcheck uses its own property rather than `req.session`: express-session's typings claim
// `req.session`, and during a migration both run side by side in one app.
declare global {
  namespace Express {
    interface Request {
      coatcheck: CoatcheckRequest;
      /** Set by `requireAccessToken` once the bearer token is verified. */
      accessToken?: VerifiedAccessToken;
    }
  }
}
