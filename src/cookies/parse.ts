/** The outcome of looking for one cookie in a request. */
export type CookieLookup =
  | { status: 'absent' }
  | { status: 'found'; value: string }
  /** The name appeared more than once: a sign of cookie tossing; treat as unauthenticated. */
  | { status: 'duplicate' }
  /** The Cookie header(s) exceed {@link MAX_COOKIE_HEADER_BYTES}; nothing was parsed (answer 431). */
  | { status: 'too-large' };

/** Inbound Cookie headers longer than this are not parsed (adapters answer 431 before that). */
export const MAX_COOKIE_HEADER_BYTES = 16 * 1024;

/**
 * Finds one cookie by exact, case-sensitive name. Accepts one header string or several (split
 * `Cookie` headers, as HTTP/2 allows). Values are returned raw, never URL-decoded.
 *
 * @example
 * ```ts
 * import { findCookie } from 'coatcheck';
 * const lookup = findCookie(request.headers.get('cookie'), '__Host-sid');
 * if (lookup.status === 'found') await manager.validate(lookup.value);
 * ```
 */
export function findCookie(
  header: string | readonly string[] | null | undefined,
  name: string,
): CookieLookup {
  if (header === null || header === undefined) return { status: 'absent' };
  const headers = typeof header === 'string' ? [header] : header;
  let found: string | undefined;
  let total = 0;
  for (const line of headers) {
    total += line.length;
    if (total > MAX_COOKIE_HEADER_BYTES) return { status: 'too-large' };
    for (const pair of line.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      if (pair.slice(0, eq).trim() !== name) continue;
      if (found !== undefined) return { status: 'duplicate' };
      found = stripQuotes(pair.slice(eq + 1).trim());
    }
  }
  return found === undefined ? { status: 'absent' } : { status: 'found', value: found };
}

function stripQuotes(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
