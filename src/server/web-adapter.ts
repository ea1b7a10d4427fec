// The API layer behind a web-standard `fetch(request)`: for in-process tests (`app.request`) and
// runtimes that hand over a `Request`. The node:http listener is the fast path; this one is not.
import type { ApiIncoming, Reply } from './api/context.js';
import type { ApiHandler } from './api/dispatch.js';
import { bodyTooLarge } from './api/refusal.js';

function toResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

/** A `fetch` handler: the API layer for its routes, `fallback` for every other. */
export function webHandler(
  api: ApiHandler,
  fallback: (request: Request) => Response | Promise<Response>,
  maxBodyBytes: number,
): (request: Request) => Promise<Response> {
  return async function fetchRequest(request) {
    const url = new URL(request.url);
    if (!api.handles(request.method, url.pathname)) return fallback(request);
    let body: Uint8Array | null = null;
    if (request.body) {
      const declared = Number(request.headers.get('content-length') ?? 0);
      if (declared > maxBodyBytes) return toResponse(bodyTooLarge());
      body = new Uint8Array(await request.arrayBuffer());
      if (body.length > maxBodyBytes) return toResponse(bodyTooLarge());
    }
    const incoming: ApiIncoming = {
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      header: (name) => request.headers.get(name) ?? (name === 'host' ? url.host : undefined),
      body,
      peer: undefined,
      scheme: url.protocol === 'https:' ? 'https' : 'http',
    };
    return toResponse(await api.handle(incoming));
  };
}
