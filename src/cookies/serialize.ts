import { SessionError } from '../errors.js';

/** Attributes of a cookie; `__Host-` names force Secure, Path=/ and no Domain. */
export interface CookieAttributes {
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
  path: string;
  domain?: string | undefined;
  /** Seconds; omitted means a browser-session cookie. */
  maxAge?: number | undefined;
  partitioned?: boolean | undefined;
}

/** A cookie the adapter should set: structured (for `cookies().set`) and serialised (for headers). */
export interface CookieToSet {
  name: string;
  value: string;
  attributes: CookieAttributes;
  /** The full `Set-Cookie` header value. */
  header: string;
}

const NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE_PATTERN = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const PATH_PATTERN = /^\/[\x21-\x3A\x3C-\x7E]*$/;
/** RFC 6265bis: user agents drop name+value over 4096 bytes, so never emit one. */
export const MAX_COOKIE_BYTES = 4096;

/**
 * Builds a `Set-Cookie` value after checking every part; throws rather than emit a cookie that a
 * browser would reject or mis-scope.
 *
 * @example
 * ```ts
 * import { serializeCookie } from 'coatcheck';
 * const cookie = serializeCookie('__Host-sid', token, {
 *   secure: true, httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 3600,
 * });
 * response.headers.append('Set-Cookie', cookie.header);
 * ```
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): CookieToSet {
  assertCookieShape(name, value, attributes);
  let header = `${name}=${value}; Path=${attributes.path}`;
  if (attributes.domain) header += `; Domain=${attributes.domain}`;
  if (attributes.maxAge !== undefined) {
    const maxAge = Math.max(0, Math.floor(attributes.maxAge));
    header += `; Max-Age=${maxAge}`;
    if (maxAge === 0) header += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  }
  if (attributes.secure) header += '; Secure';
  if (attributes.httpOnly) header += '; HttpOnly';
  header += `; SameSite=${attributes.sameSite}`;
  if (attributes.partitioned) header += '; Partitioned';
  return { name, value, attributes, header };
}

function assertCookieShape(name: string, value: string, attributes: CookieAttributes): void {
  const fail = (why: string): never => {
    throw new SessionError('ERR_CONFIG_INVALID', `Cookie "${name.slice(0, 64)}": ${why}`);
  };
  if (!NAME_PATTERN.test(name)) fail('invalid name');
  if (!VALUE_PATTERN.test(value)) fail('invalid value characters');
  if (!PATH_PATTERN.test(attributes.path)) fail('invalid path');
  if (name.length + value.length > MAX_COOKIE_BYTES) {
    throw new SessionError('ERR_COOKIE_TOO_LARGE', `Cookie "${name.slice(0, 64)}" exceeds 4096 bytes`);
  }
  if (name.startsWith('__Host-') && (!attributes.secure || attributes.path !== '/' || attributes.domain)) {
    fail('__Host- cookies need Secure, Path=/ and no Domain');
  }
  if (name.startsWith('__Secure-') && !attributes.secure) fail('__Secure- cookies need Secure');
  if (attributes.sameSite === 'None' && !attributes.secure) fail('SameSite=None needs Secure');
  if (attributes.domain !== undefined && !/^[A-Za-z0-9.-]+$/.test(attributes.domain)) fail('invalid domain');
}
