// A small HTTP client for the running service: demo logins with cookies, /v1 calls with the
// service key. Plain fetch, so connections are kept alive and every answer is recorded for the
// log hygiene check (test/setup/capture-fetch.ts).
import { DEMO_PASSWORD, SERVICE_KEY } from './service-process.js';

export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

export interface DemoLogin {
  userId: string;
  sessionId: string;
  cookie: string;
  csrfToken: string;
}

/** The Cookie header a browser would send next: the last Set-Cookie of each name wins, empties clear. */
export function cookieOf(res: Response): string {
  const jar = new Map<string, string>();
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(';')[0]!;
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(name.length + 1);
    if (value) jar.set(name, value);
    else jar.delete(name);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

export class ServiceClient {
  constructor(
    readonly url: string,
    readonly timeoutMs = 10_000,
  ) {}

  call(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
      ...init,
    });
  }

  /** POSTs JSON as a same-origin browser would, with an optional cookie. */
  post(path: string, body: unknown, cookie?: string): Promise<Response> {
    return this.call(path, {
      method: 'POST',
      headers: { ...SAME_ORIGIN, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  }

  async login(username: string, cookie?: string): Promise<DemoLogin> {
    const res = await this.post('/auth/login', { username, password: DEMO_PASSWORD }, cookie);
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { sessionId: string; csrfToken: string };
    return { userId: username, sessionId: body.sessionId, csrfToken: body.csrfToken, cookie: cookieOf(res) };
  }

  v1(path: string, method = 'GET', body?: unknown): Promise<Response> {
    return this.call(`/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** A session created by a backend through /v1. */
  async createSession(
    userId: string,
    data: Record<string, unknown> = {},
  ): Promise<{ id: string; token: string }> {
    const res = await this.v1('/sessions', 'POST', { userId, data });
    if (res.status !== 201) throw new Error(`create ${userId}: ${res.status}`);
    const { token, session } = (await res.json()) as { token: string; session: { id: string } };
    return { id: session.id, token };
  }

  /** Starts a refresh family for a demo session; returns its refresh token. */
  async refreshToken(login: DemoLogin): Promise<string> {
    const res = await this.post('/auth/tokens', {}, login.cookie);
    if (res.status !== 200) throw new Error(`tokens: ${res.status}`);
    return ((await res.json()) as { refreshToken: string }).refreshToken;
  }
}
