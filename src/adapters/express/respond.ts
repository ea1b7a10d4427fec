import type { Response } from 'express';
import type { HttpRefusal } from '../../http/errors.js';

/** The Express adapter's one refusal writer: status, no-store, extra headers, JSON error body. */
export function sendRefusal(res: Response, { status, body, headers }: HttpRefusal): void {
  res.status(status).set('Cache-Control', 'no-store');
  if (headers) res.set(headers);
  res.json(body);
}
