import { parseRefreshToken } from './token.js';

/**
 * True when a string has the shape of a coatcheck refresh token (`rt_<family>.<secret>.<tag>`).
 * A shape check only: it does not check the issuance tag and proves nothing about validity.
 *
 * @example
 * ```ts
 * import { isRefreshToken } from 'coatcheck/tokens';
 * if (!isRefreshToken(body.refresh_token)) return badRequest();
 * ```
 */
export function isRefreshToken(value: unknown): value is string {
  return parseRefreshToken(value) !== null;
}
