import { storeUnavailable } from '../../errors.js';
import type { SessionStore } from '../../stores/types.js';
import type { AccessTokenClaims } from './claims.js';
import { readNotBefore } from './not-before.js';

/** Instant revocation: `session` checks `sid` (one store read), `notBefore` the per-user time. */
export interface RevocationCheck {
  store: SessionStore;
  session?: boolean;
  notBefore?: boolean;
}

/** False when the token's session is gone or the user's not-before time is later than its iat. */
export async function notRevoked(
  revocation: RevocationCheck,
  claims: AccessTokenClaims,
  now: number,
): Promise<boolean> {
  let alive = true;
  try {
    if (revocation.session ?? true) {
      const record = await revocation.store.get(claims.sid);
      alive = record !== null && record.userId === claims.sub && record.expiresAt > now;
    }
    if (alive && revocation.notBefore) {
      alive = claims.iat * 1000 >= (await readNotBefore(revocation.store, claims.sub));
    }
  } catch (error) {
    throw storeUnavailable(error);
  }
  return alive;
}
