import { csrfFromMeta, isUnsafe, methodOf } from './csrf.js';
import { openChannel, type SignedOutListener, SignedOutState } from './signed-out.js';

/** Options of {@link createCookieClient}. */
export interface CookieClientOptions {
  /** The header the server reads the CSRF token from. Default `x-csrf-token`. */
  csrfHeader?: string;
  /** Where the token comes from: a `<meta>` tag of this name (default `csrf-token`)… */
  csrfMeta?: string;
  /** …or a function you supply (it wins over the meta tag). */
  csrfToken?: () => string | null | undefined;
  /** Names the cross-tab channel; clients with the same name share the signed-out state. Default `session`. */
  name?: string;
  /** The fetch to wrap. Default the global fetch. */
  fetch?: typeof fetch;
}

/** A fetch for cookie sessions: CSRF header on unsafe requests, and a 401 means signed out. */
export interface CookieClient {
  /** Same signature as fetch. Adds the CSRF header to unsafe same-origin requests, sends cookies. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** True once the server answered 401 or any tab signed out. */
  readonly signedOut: boolean;
  /** Calls `listener` once when this or any other tab of the origin is signed out; returns an unsubscribe. */
  onSignedOut(listener: SignedOutListener): () => void;
  /** Tells every tab the user signed out (call it after your logout request). */
  signOut(): void;
  /** Clears the signed-out state after a new sign-in. */
  signedIn(): void;
}

/**
 * Wraps fetch for apps on coatcheck cookie sessions.
 *
 * @example
 * ```ts
 * import { createCookieClient } from 'coatcheck/client';
 * const api = createCookieClient();          // reads <meta name="csrf-token">
 * api.onSignedOut(() => location.assign('/login'));
 * await api.fetch('/auth/sessions/revoke-others', { method: 'POST' });
 * ```
 */
export function createCookieClient(options: CookieClientOptions = {}): CookieClient {
  const header = options.csrfHeader ?? 'x-csrf-token';
  const token = options.csrfToken ?? (() => csrfFromMeta(options.csrfMeta ?? 'csrf-token'));
  const send = options.fetch ?? globalThis.fetch.bind(globalThis);
  const state = new SignedOutState(openChannel(options.name ?? 'session'));
  return {
    async fetch(input, init = {}) {
      const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      // The token goes to our own origin only: never hand it to a third party.
      const csrf = url.origin === location.origin && isUnsafe(methodOf(input, init)) ? token() : null;
      if (csrf) headers.set(header, csrf);
      const response = await send(input, { credentials: 'same-origin', ...init, headers });
      if (response.status === 401) state.signOut('expired');
      return response;
    },
    get signedOut() {
      return state.signedOut;
    },
    onSignedOut: (listener) => state.on(listener),
    signOut: () => state.signOut('logout'),
    signedIn: () => state.signIn(),
  };
}
