import type { Context } from 'hono';
import type { z } from 'zod';
import { SessionError } from '../../errors.js';
import { isFormContentType } from '../../http/form.js';

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaTypeOf(header: string | undefined): string {
  if (header === undefined) return '';
  const semicolon = header.indexOf(';');
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

function mediaType(c: Context): string {
  return mediaTypeOf(c.req.header('content-type'));
}

/** True when the request body is an HTML form (the demo answers forms with redirects). */
export function isForm(c: Context): boolean {
  return isFormContentType(c.req.header('content-type'));
}

function invalid(message: string): SessionError {
  return new SessionError('ERR_INPUT_INVALID', message);
}

/**
 * Checks a value against a schema. The message names the first bad field and what was expected,
 * never the value that was sent.
 */
export function readShape<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join('.').slice(0, 64) : where;
  throw invalid(`"${field}": ${issue?.message ?? 'invalid'}`);
}

/**
 * Reads a JSON (or, where allowed, form) body and checks it against the route's schema. One
 * `JSON.parse` of a body already bounded by the body limit; no copy, no second pass.
 */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  accepts: readonly ('json' | 'form')[],
): Promise<z.output<S>> {
  const type = mediaType(c);
  if (accepts.includes('form') && isFormContentType(type)) {
    let form: unknown;
    try {
      form = await c.req.parseBody();
    } catch {
      // A body that claims to be a form and is not one (a broken multipart boundary) is bad input.
      throw invalid('The form cannot be read');
    }
    return readShape(schema, form, 'body');
  }
  if (type !== 'application/json') {
    throw invalid(accepts.includes('form') ? 'Send JSON or a form' : 'Send application/json');
  }
  return readShape(schema, jsonObject(await c.req.text()), 'body');
}

const decoder = new TextDecoder();

/**
 * Reads a JSON body the transport has already buffered (the service's `/v1` routes take JSON
 * only) and checks it against the route's schema: one decode, one `JSON.parse`, no stream.
 */
export function readJsonBody<S extends z.ZodType>(
  contentType: string | undefined,
  bytes: Uint8Array | null,
  schema: S,
): z.output<S> {
  if (mediaTypeOf(contentType) !== 'application/json') throw invalid('Send application/json');
  return readShape(schema, jsonObject(bytes ? decoder.decode(bytes) : ''), 'body');
}

function jsonObject(text: string): object {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid('The body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('The body must be a JSON object');
  }
  return body;
}
