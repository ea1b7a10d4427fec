import { coreOf } from '../core/gateway.js';
import type { SessionManager } from '../core/manager.js';
import { SessionError } from '../errors.js';
import type { Keyring } from '../keys/keyring.js';

/**
 * The keyring the cookie flow signs CSRF tokens with. Missing secrets are a configuration error
 * raised when the adapter is built, never half-way through a sign-in (a session created, then a
 * 500): the message says what to set and how to make one.
 */
export function requireSecrets(manager: SessionManager): Keyring {
  const keyring = coreOf(manager).keyring;
  if (keyring) return keyring;
  throw new SessionError(
    'ERR_CONFIG_INVALID',
    'Cookie sessions need secrets for their CSRF tokens: pass `secrets` to createSessionManager ' +
      '(usually process.env.COATCHECK_SECRETS; make one with `npx coatcheck secret generate`)',
  );
}
