import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { refusal } from '../http/errors.js';
import { refusalReply } from './api/refusal.js';

/** The service's request gate: what happens before the app exists, while it serves, and while it drains. */
export interface ReadyGate {
  listener: RequestListener;
  open(listener: RequestListener): void;
  fail(): void;
  /** From now on `ready()` is false and every answer closes its connection (see drain.ts). */
  drain(): void;
  /** True once the app serves and until draining starts: what `/readyz` answers. */
  ready(): boolean;
}

/**
 * A request listener for a server that listens before its app exists (the app needs the bound
 * port): requests that arrive in between wait and are served once the app is there, instead of
 * meeting a missing handler (a 500). If the app cannot be built, they get a 503. While the
 * service drains before stopping, requests are still served, but each answer carries
 * `Connection: close`, so no keep-alive connection outlives the drain idle.
 */
export function readyGate(): ReadyGate {
  let target: RequestListener | null = null;
  let failed = false;
  let draining = false;
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const refuse = (res: ServerResponse): void => {
    const reply = refusalReply(
      refusal('ERR_STORE_UNAVAILABLE', 'The service is not available', { connection: 'close' }),
    );
    res.writeHead(reply.status, reply.headers).end(reply.body);
  };
  return {
    listener(req, res) {
      // Merged into whatever the app writes later (writeHead keeps headers set before it).
      if (draining) res.setHeader('connection', 'close');
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
    drain() {
      draining = true;
    },
    ready: () => target !== null && !draining,
  };
}
