import type { FastifyReply } from 'fastify';
import type { HttpRefusal } from '../../http/errors.js';

/** The Fastify adapter's one refusal writer: status, no-store, extra headers, JSON error body. */
export function sendRefusal(reply: FastifyReply, { status, body, headers }: HttpRefusal): FastifyReply {
  reply.code(status).header('cache-control', 'no-store');
  if (headers) reply.headers(headers);
  return reply.send(body);
}
