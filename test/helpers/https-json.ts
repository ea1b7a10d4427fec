// A small JSON client over node:https with keep-alive connections and a private CA to trust (what
// a backend behind TLS uses), for load through a proxy that terminates TLS. global fetch cannot
// take a CA of its own without an extra package.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';

export interface JsonReply {
  status: number;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface JsonClient {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<JsonReply>;
  close(): void;
}

/**
 * Calls `base` (an https:// URL) over at most `sockets` keep-alive connections; 10 s per request.
 * `localAddress` (a loopback address such as 127.0.0.5) is the address the connections come from.
 */
export function httpsJsonClient(
  base: string,
  caFile: string,
  sockets: number,
  localAddress?: string,
): JsonClient {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, ca: readFileSync(caFile) });
  return {
    call(method, path, body, headers = {}) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          new URL(path, base),
          {
            method,
            agent,
            timeout: 10_000,
            ...(localAddress ? { localAddress } : {}),
            headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: Record<string, unknown> = {};
              try {
                parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
              } catch {
                parsed = { text };
              }
              resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error('request timeout')));
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
