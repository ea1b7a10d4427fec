import type { CookieToSet } from '../../cookies/serialize.js';
import type { EventContext } from '../../events/types.js';
import type { ResponseEffects } from '../../http/actions.js';
import { isFormContentType } from '../../http/form.js';
import type { RequestFacts } from '../../http/guard.js';

/**
 * Reads what the session guard needs from a web-standard Request. The `_csrf` form field is read
 * only if the guard asks for a token and no header carries one; `readForm` must not consume the
 * body twice (Hono's `c.req.parseBody()` caches).
 *
 * @example
 * ```ts
 * import { requestFacts } from 'coatcheck/adapters/web';
 * const result = await guard(requestFacts(request, { userAgent: request.headers.get('user-agent') ?? undefined }));
 * ```
 */
export function requestFacts(
  request: Request,
  context: EventContext = {},
  readForm?: () => Promise<Record<string, unknown>>,
): RequestFacts {
  return headerFacts(request.headers, request.method, new URL(request.url).pathname, context, readForm);
}

/**
 * A header list as web-standard `Headers` and Next.js's `headers()` both provide it.
 *
 * @example
 * ```ts
 * import type { HeaderList } from 'coatcheck/adapters/web';
 * const list: HeaderList = new Headers({ 'sec-fetch-site': 'same-origin' });
 * ```
 */
export interface HeaderList {
  get(name: string): string | null;
}

/**
 * The same facts from a header list alone, for code that sees headers but no Request (Next.js
 * Server Actions and Server Components read them through `headers()`).
 *
 * @example
 * ```ts
 * import { headerFacts } from 'coatcheck/adapters/web';
 * const result = await guard(headerFacts(await headers(), 'POST', undefined));
 * ```
 */
export function headerFacts(
  headers: HeaderList,
  method: string,
  path: string | undefined,
  context: EventContext = {},
  readForm?: () => Promise<Record<string, unknown>>,
): RequestFacts {
  return {
    method,
    path,
    cookie: headers.get('cookie'),
    secFetchSite: headers.get('sec-fetch-site'),
    origin: headers.get('origin'),
    csrfToken: headers.get('x-csrf-token') ?? (async () => formToken(headers.get('content-type'), readForm)),
    context,
  };
}

async function formToken(
  contentType: string | null,
  readForm?: () => Promise<Record<string, unknown>>,
): Promise<string | null> {
  if (!readForm || !isFormContentType(contentType)) return null;
  let form: Record<string, unknown>;
  try {
    form = await readForm();
  } catch {
    // A body that claims to be a form and is not one carries no token: refuse (403), never a 500.
    return null;
  }
  const field = form._csrf;
  return typeof field === 'string' ? field : null;
}

/**
 * Effects that write onto web-standard Headers: each Set-Cookie appended, and Cache-Control:
 * no-store whenever a session cookie is set.
 *
 * @example
 * ```ts
 * import { headerEffects } from 'coatcheck/adapters/web';
 * const headers = new Headers();
 * const actions = new SessionActions(manager, result, headerEffects(headers));
 * ```
 */
export function headerEffects(headers: Headers): ResponseEffects {
  return {
    cookie(cookie: CookieToSet): void {
      headers.append('Set-Cookie', cookie.header);
      headers.set('Cache-Control', 'no-store');
    },
    header(name: string, value: string): void {
      headers.set(name, value);
    },
  };
}
