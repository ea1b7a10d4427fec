// The request and answer of the service's own HTTP layer: plain values, no web `Request`,
// `Response` or stream per request. The method names follow Hono's context (`c.json`, `c.header`,
// `c.get`) so a route reads the same whichever layer serves it.

/** A request as the transports hand it over: the body already read (bounded) into memory. */
export interface ApiIncoming {
  method: string;
  /** The path without the query string, as sent (not decoded). */
  path: string;
  /** The query string without `?`; empty when there is none. */
  query: string;
  /** A request header by lower-case name (repeated headers joined). */
  header(name: string): string | undefined;
  /** The body bytes; null when the request has none. */
  body: Uint8Array | null;
  /** The socket peer address; X-Forwarded-* is never trusted here. */
  peer: string | undefined;
  /** `http` or `https`: how the request reached this process. */
  scheme: 'http' | 'https';
}

/** An answer: status, headers and a body already serialised. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

const JSON_TYPE = 'application/json';
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The request facts a route handler reads, and the answer it builds. */
export class ApiContext {
  readonly #incoming: ApiIncoming;
  readonly #app: string | null;
  #headers: Record<string, string> | null = null;

  constructor(incoming: ApiIncoming, app: string | null) {
    this.#incoming = incoming;
    this.#app = app;
  }

  /** The app (tenant) the presented service key belongs to; null for an operator key. */
  get(key: 'serviceApp'): string | null {
    return key === 'serviceApp' ? this.#app : null;
  }

  readonly req = {
    header: (name: string): string | undefined => this.#incoming.header(name.toLowerCase()),
    /** The origin the client addressed (`Host`), for documents that name their own server. */
    origin: (): string => {
      const host = this.#incoming.header('host');
      return `${this.#incoming.scheme}://${host && HOST.test(host) ? host : 'localhost'}`;
    },
  };

  /** Sets a response header. */
  header(name: string, value: string): void {
    this.#headers ??= {};
    this.#headers[name] = value;
  }

  json(body: unknown, status = 200): Reply {
    return this.#reply(status, JSON.stringify(body), JSON_TYPE);
  }

  text(text: string, status = 200, headers: Record<string, string> = {}): Reply {
    for (const [name, value] of Object.entries(headers)) this.header(name, value);
    return this.#reply(status, text, 'text/plain; charset=UTF-8');
  }

  /** An answer without a body (204). */
  body(_none: null, status: number): Reply {
    return { status, headers: this.#headers ?? {}, body: null };
  }

  #reply(status: number, body: string, type: string): Reply {
    const headers = this.#headers ?? {};
    headers['content-type'] ??= type;
    return { status, headers, body };
  }
}
