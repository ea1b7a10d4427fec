import type { CookieToSet } from '../../cookies/serialize.js';
import type { EventContext } from '../../events/types.js';
import type { ResponseEffects } from '../../http/actions.js';
import type { RequestFacts } from '../../http/guard.js';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

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
  const headers = request.headers;
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname,
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
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!readForm || !FORM_TYPES.includes(type)) return null;
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
