import { createHash, timingSafeEqual } from 'node:crypto';
import { SessionError } from '../errors.js';

const MIN_LENGTH = 24;

/**
 * `COATCHECK_METRICS_TOKEN`: when set, `/metrics` answers only requests that carry it as a bearer
 * token. Returns the check (always true when no token is configured). Compared as SHA-256 digests
 * with `timingSafeEqual`, so neither the token nor its length leaks through timing.
 */
export function metricsAccess(token: string | undefined): (authorization: string | undefined) => boolean {
  if (token === undefined || token === '') return () => true;
  if (token.length < MIN_LENGTH) {
    throw new SessionError(
      'ERR_CONFIG_WEAK',
      `COATCHECK_METRICS_TOKEN must be at least ${MIN_LENGTH} characters`,
    );
  }
  const expected = digest(`Bearer ${token}`);
  return (authorization) => timingSafeEqual(digest(authorization ?? ''), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
