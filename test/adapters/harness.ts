import type { SessionManager } from '../../src/index.js';

/** One HTTP exchange, the same for every adapter and for in-process or real-server runs. */
export interface HarnessRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HarnessResponse {
  status: number;
  /** Header lookup, lower-case names. */
  header(name: string): string | null;
  /** Every Set-Cookie header, unjoined. */
  setCookies: string[];
  body: string;
}

/**
 * A running test app built with one adapter around the given manager. Every app serves the same
 * routes, so one scenario table proves every adapter:
 *   POST /login {userId}          → 200 {userId, sessionId, csrfToken} + session cookie (replaces any)
 *   GET  /me                      → 200 {userId, sessionId, data} | 401
 *   POST /data {key, value}       → 200 {data} (merge one key, no lost updates)
 *   POST /logout                  → 204, cookie cleared
 *   GET  /sessions                → 200 {sessions: [{id, current, …}]}
 *   POST /sessions/revoke-others  → 200 {revoked}
 *   POST /sessions/revoke-all     → 200 {revoked}
 * Errors are JSON {error: {code, message}} with the shared status table (401/403/503). Apps trust
 * the origin http://localhost:3000 (the trusted-origin case of the table).
 */
export interface AdapterHarness {
  request(request: HarnessRequest): Promise<HarnessResponse>;
  close(): Promise<void>;
}

export type HarnessFactory = (manager: SessionManager) => Promise<AdapterHarness>;

/** A harness over a real listening server at `baseUrl` (for the real-HTTP runs). */
export function fetchHarness(baseUrl: string, close: () => Promise<void>): AdapterHarness {
  return {
    request: async ({ method, path, headers, body }) =>
      harnessResponse(await fetch(new URL(path, baseUrl), { method, headers, body, redirect: 'manual' })),
    close,
  };
}

/** A harness over a fetch-style handler called in-process (Hono's `app.request`, Next route handlers). */
export function inProcessHarness(handle: (request: HarnessRequest) => Promise<Response>): AdapterHarness {
  return {
    request: async (request) => harnessResponse(await handle(request)),
    close: async () => {},
  };
}

async function harnessResponse(response: Response): Promise<HarnessResponse> {
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    setCookies: response.headers.getSetCookie(),
    body: await response.text(),
  };
}

/** The value of the session cookie in a Set-Cookie list, or null. */
export function sessionCookieValue(setCookies: string[], name = '__Host-sid'): string | null {
  for (const header of setCookies) {
    if (header.startsWith(`${name}=`)) return header.slice(name.length + 1).split(';')[0]!;
  }
  return null;
}
