import type { CookieAttributes, CookieToSet } from '../../cookies/serialize.js';
import type { ResponseEffects } from '../../http/actions.js';
import type { NextCookieOptions, NextCookieStore } from './types.js';

/**
 * coatcheck's cookie attributes in the shape `cookies().set()` takes; a clearing cookie also
 * expires. The helpers use it; call it yourself only to write a coatcheck cookie by hand.
 *
 * @example
 * ```ts
 * import { toNextCookieOptions } from 'coatcheck/adapters/next';
 * const { cookie } = await sessions.create({ userId: 'alice' });
 * (await cookies()).set(cookie.name, cookie.value, toNextCookieOptions(cookie.attributes));
 * ```
 */
export function toNextCookieOptions(attributes: CookieAttributes): NextCookieOptions {
  const options: NextCookieOptions = {
    path: attributes.path,
    secure: attributes.secure,
    httpOnly: attributes.httpOnly,
    sameSite: attributes.sameSite.toLowerCase() as NextCookieOptions['sameSite'],
  };
  if (attributes.domain) options.domain = attributes.domain;
  if (attributes.partitioned) options.partitioned = true;
  if (attributes.maxAge !== undefined) {
    options.maxAge = Math.max(0, Math.floor(attributes.maxAge));
    if (options.maxAge === 0) options.expires = new Date(0);
  }
  return options;
}

/**
 * Effects that write through Next's `cookies()` store, for Server Actions, where no response
 * object exists. Next sends Server Action responses with `Cache-Control: no-store` itself; a
 * response header (only `Clear-Site-Data` on logout) cannot be set there and is left out.
 */
export function cookieStoreEffects(store: NextCookieStore): ResponseEffects {
  return {
    cookie(cookie: CookieToSet): void {
      store.set(cookie.name, cookie.value, toNextCookieOptions(cookie.attributes));
    },
    header(): void {},
  };
}
