import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HttpRefusal } from '../../http/errors.js';

/** The Hono adapter's one refusal writer: status, no-store, extra headers, JSON error body. */
export function sendRefusal(c: Context, { status, body, headers }: HttpRefusal): Response {
  c.header('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
  return c.json(body, status as ContentfulStatusCode);
}
