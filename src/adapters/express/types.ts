import type { Session } from '../../core/session.js';
import type { SessionActions } from '../../http/actions.js';

/** What the middleware puts on every request, as `req.coatcheck`. */
export interface CoatcheckRequest extends SessionActions {
  readonly session: Session | null;
}

// coatcheck uses its own property rather than `req.session`: express-session's typings claim
// `req.session`, and during a migration both run side by side in one app.
declare global {
  namespace Express {
    interface Request {
      coatcheck: CoatcheckRequest;
    }
  }
}
