import { connect } from 'node:net';

/** A request sent byte for byte: any method, any path, repeated or malformed headers. */
export interface RawRequest {
  method: string;
  path: string;
  /** Sent in order, as given; repeat a name to split a header. */
  headers?: [string, string][];
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  /** Header names lower-cased; repeated headers (Set-Cookie) kept in order. */
  headers: [string, string][];
  body: string;
  header(name: string): string | undefined;
  /** The error code of a JSON error body, or null when the body is not one. */
  errorCode: string | null;
}

/**
 * Sends one HTTP/1.1 request over a plain socket, so that tests can send what `fetch` refuses to
 * (CR, LF and NUL in headers, lower-case methods, two Cookie headers) and see exactly what the
 * server answers. `Connection: close` ends every exchange, so the response ends with the socket.
 */
export function rawRequest(base: string, request: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const url = new URL(base);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const lines = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${url.host}`, 'Connection: close'];
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no answer to ${request.method} ${request.path}`)),
    );
    // write, not end: Node's server drops a half-closed socket before it answers.
    socket.on('connect', () => socket.write(Buffer.concat([head, body])));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server may reset after answering a request it refused; what arrived still counts.
    socket.on('error', (error) => (chunks.length ? undefined : reject(error)));
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function parseResponse(raw: Buffer): RawResponse {
  // Skip interim 1xx answers (100 Continue): the final response follows them.
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 13).toString('latin1'))) {
    const interim = raw.indexOf('\r\n\r\n');
    if (interim < 0) break;
    raw = raw.subarray(interim + 4);
  }
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0)
    throw new Error(`incomplete HTTP response: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`);
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!Number.isInteger(status)) throw new Error(`bad status line ${JSON.stringify(statusLine)}`);
  const headers = headerLines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  const header = (name: string) => headers.find(([n]) => n === name)?.[1];
  let payload = raw.subarray(end + 4);
  if (header('transfer-encoding')?.toLowerCase() === 'chunked') payload = dechunk(payload);
  const body = payload.toString('utf8');
  return { status, headers, body, header, errorCode: errorCodeOf(body) };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function errorCodeOf(body: string): string | null {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } | unknown }).error;
    if (typeof code === 'string') return code;
    const nested = (code as { code?: unknown } | undefined)?.code;
    return typeof nested === 'string' ? nested : null;
  } catch {
    return null;
  }
}
