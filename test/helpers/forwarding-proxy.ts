// A real reverse proxy hop for the trusted-proxy tests, and a client that picks its own source
// address. Linux routes all of 127.0.0.0/8 to loopback, so a client bound to 127.0.0.5 and a proxy
// that connects out from 127.0.0.3 are told apart by the app's socket, as on a real network.
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForwardingProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * Forwards every request to `target` from `outboundAddress`, appending the client's address to
 * X-Forwarded-For as nginx's `$proxy_add_x_forwarded_for` does (a client's own header is kept).
 */
export async function startForwardingProxy(
  target: string,
  outboundAddress: string,
): Promise<ForwardingProxy> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const seen = req.headers['x-forwarded-for'];
    const peer = req.socket.remoteAddress ?? '';
    const headers = { ...req.headers, 'x-forwarded-for': seen ? `${seen}, ${peer}` : peer };
    const upstream = request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers,
        localAddress: outboundAddress,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SourcedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request sent from `localAddress` (fetch cannot choose its source address). */
export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<SourcedResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: init.method ?? 'GET',
        headers: init.headers,
        localAddress,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The Cookie header for the next request: name=value of every Set-Cookie with a value. */
export function cookieFrom(headers: IncomingHttpHeaders): string {
  return (headers['set-cookie'] ?? [])
    .map((h) => h.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}
