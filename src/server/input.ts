import type { Context } from 'hono';
import { SessionError } from '../errors.js';

/** Reads a JSON object body; anything else is a 400 with a clear code, never a 500. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new SessionError('ERR_BAD_REQUEST', 'Send application/json');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new SessionError('ERR_BAD_REQUEST', 'The body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SessionError('ERR_BAD_REQUEST', 'The body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function str(body: Record<string, unknown>, name: string, max = 512): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new SessionError(
      'ERR_BAD_REQUEST',
      `"${name}" must be a non-empty string of at most ${max} characters`,
    );
  }
  return value;
}

export function obj(body: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SessionError('ERR_BAD_REQUEST', `"${name}" must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function int(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new SessionError('ERR_BAD_REQUEST', `"${name}" must be a non-negative integer`);
  }
  return value;
}
