// The service's HTTP layer on node:http: `/v1` and the operations routes are answered from the
// Node request directly (the body read into one buffer, bounded); the rest (the demo) goes to
// the fallback listener. No web `Request`, stream or timer per request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ApiIncoming, Reply } from './api/context.js';
import type { ApiHandler } from './api/dispatch.js';
import { bodyTooLarge } from './api/refusal.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

interface Reading {
  chunks: Buffer[];
  size: number;
  limit: number;
  res: ServerResponse;
  done(body: Buffer): void;
}

const READING = Symbol('coatcheck.reading');
type ReadingRequest = IncomingMessage & { [READING]?: Reading };

// Shared listeners (state lives on the request), so reading a body allocates no closures for them.
function onData(this: ReadingRequest, chunk: Buffer): void {
  const state = this[READING];
  if (!state) return;
  state.size += chunk.length;
  if (state.size > state.limit) {
    this[READING] = undefined;
    send(state.res, bodyTooLarge(), true);
    return;
  }
  state.chunks.push(chunk);
}

function onEnd(this: ReadingRequest): void {
  const state = this[READING];
  if (!state) return;
  this[READING] = undefined;
  state.done(state.chunks.length === 1 ? state.chunks[0]! : Buffer.concat(state.chunks, state.size));
}

function onError(this: ReadingRequest): void {
  this[READING] = undefined; // the client went away: there is no one to answer
}

function send(res: ServerResponse, reply: Reply, close = false): void {
  if (res.headersSent) return;
  if (close) reply.headers.connection = 'close';
  // Stated, so the answer leaves in one write without chunked framing.
  if (reply.body !== null) reply.headers['content-length'] = String(Buffer.byteLength(reply.body));
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body ?? undefined);
}

/** A node:http request listener: the API layer for its routes, `fallback` for every other. */
export function nodeListener(api: ApiHandler, fallback: Listener, maxBodyBytes: number): Listener {
  return function serveRequest(req, res) {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    if (!api.handles(method, path)) return fallback(req, res);
    const headers = req.headers;
    const incoming: ApiIncoming = {
      method,
      path,
      query: q < 0 ? '' : url.slice(q + 1),
      header: (name) => {
        const value = headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      body: null,
      peer: req.socket.remoteAddress,
      scheme: (req.socket as TLSSocket).encrypted ? 'https' : 'http',
    };
    const answer = (): void => {
      void api.handle(incoming).then(
        (reply) => send(res, reply),
        () => res.destroy(),
      );
    };
    const length = headers['content-length'];
    if (headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
      answer();
      return;
    }
    // Refused before reading a byte; the connection closes so the rest is never read either.
    if (length !== undefined && Number(length) > maxBodyBytes) return send(res, bodyTooLarge(), true);
    const reading: Reading = {
      chunks: [],
      size: 0,
      limit: maxBodyBytes,
      res,
      done(body) {
        incoming.body = body;
        answer();
      },
    };
    (req as ReadingRequest)[READING] = reading;
    req.on('data', onData).on('end', onEnd).on('error', onError);
  };
}
