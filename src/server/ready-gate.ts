import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { refusal } from '../http/errors.js';
import { refusalReply } from './api/refusal.js';

/**
 * A request listener for a server that listens before its app exists (the app needs the bound
 * port): requests that arrive in between wait and are served once the app is there, instead of
 * meeting a missing handler (a 500). If the app cannot be built, they get a 503.
 */
export function readyGate(): {
  listener: RequestListener;
  open(listener: RequestListener): void;
  fail(): void;
} {
  let target: RequestListener | null = null;
  let failed = false;
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const refuse = (res: ServerResponse): void => {
    const reply = refusalReply(
      refusal('ERR_STORE_UNAVAILABLE', 'The service is not available', { connection: 'close' }),
    );
    res.writeHead(reply.status, reply.headers).end(reply.body);
  };
  return {
    listener(req, res) {
      if (target) target(req, res);
      else if (failed) refuse(res);
      else waiting.push([req, res]);
    },
    open(listener) {
      target = listener;
      for (const [req, res] of waiting.splice(0)) listener(req, res);
    },
    fail() {
      failed = true;
      for (const [, res] of waiting.splice(0)) refuse(res);
    },
  };
}
