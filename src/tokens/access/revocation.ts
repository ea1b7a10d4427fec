import { appUserKey, readNotBefore } from '../../core/gateway.js';
import { createStoreGateway, type StoreGateway } from '../../stores/gateway.js';
import type { SessionStore } from '../../stores/types.js';
import type { AccessTokenClaims } from './claims.js';

/** Instant revocation: `session` checks `sid` (one store read), `notBefore` the per-user time. */
export interface RevocationCheck {
  store: SessionStore;
  session?: boolean;
  notBefore?: boolean;
  /** @internal The token service passes its manager's gateway, so outages reach its events. */
  gateway?: StoreGateway;
}

/** The gateway a revocation check reads through: the given one, or one over its store. */
export function revocationGateway(revocation: RevocationCheck): StoreGateway {
  return revocation.gateway ?? createStoreGateway(revocation.store);
}

/**
 * False when the token's session is gone or the user's not-before time is later than its iat.
 * A store outage is ERR_STORE_UNAVAILABLE (fail closed).
 */
export async function notRevoked(
  revocation: RevocationCheck,
  gateway: StoreGateway,
  claims: AccessTokenClaims,
  now: number,
): Promise<boolean> {
  let alive = true;
  // An app's token names its user relative to the app; the store holds `<app>:<userId>`.
  const storedUserId = appUserKey(claims.app ?? null, claims.sub);
  if (revocation.session ?? true) {
    const record = await gateway('get', (s) => s.get(claims.sid));
    alive = record !== null && record.userId === storedUserId && record.expiresAt > now;
  }
  if (alive && revocation.notBefore) {
    // One precision: `iat` has whole seconds, so the stored ms time is floored to its second. A
    // token minted later in the revocation's second lives; one from that second before it does
    // too (a window under one second, documented in docs/SECURITY.md, L8).
    const notBeforeSeconds = Math.floor((await readNotBefore(gateway, storedUserId)) / 1000);
    alive = claims.iat >= notBeforeSeconds;
  }
  return alive;
}
