import { withLock } from './lock.js';
import { ProofFetch, type ProofSigner } from './proof-fetch.js';
import { openChannel, type SignedOutListener, SignedOutState } from './signed-out.js';
import { parseTokenResponse, type StoredTokens, TokenSlot } from './tokens.js';

/** Options of {@link createTokenClient}. */
export interface TokenClientOptions {
  /** The refresh endpoint, e.g. `/auth/refresh`. */
  refreshUrl: string;
  /** Names the shared token slot, lock and channel; tabs with the same name share tokens. Default `tokens`. */
  name?: string;
  /** DPoP: proofs from this signer ({@link createDpopSigner}) bind the tokens to its key. Default off. */
  dpop?: ProofSigner;
  /** The refresh request body. Default `{ refresh_token }` (OAuth 2.0 form, as JSON). */
  refreshBody?: (refreshToken: string) => Record<string, unknown>;
  /**
   * Origins that get the access token, e.g. `['https://api.example.com']`. Default this page's
   * origin only: a request anywhere else goes out without it, so a third party never sees a token.
   */
  apiOrigins?: string[];
  /** Refresh this many seconds before the access token expires. Default 5. */
  earlyRefreshSeconds?: number;
  /** The fetch to wrap. Default the global fetch. */
  fetch?: typeof fetch;
}

/** A fetch that carries access tokens and keeps them fresh, one refresh at a time across tabs. */
export interface TokenClient {
  /** Same signature as fetch: attaches the access token, refreshes on expiry or 401 and retries once. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Calls a token endpoint (with a DPoP proof when on) and keeps the pair it answers. */
  obtain(url: string, init?: RequestInit): Promise<StoredTokens>;
  /** The tokens every tab of this client shares now, or null. */
  tokens(): Promise<StoredTokens | null>;
  /** Forgets the tokens in every tab and tells them they are signed out. */
  signOut(): Promise<void>;
  readonly signedOut: boolean;
  onSignedOut(listener: SignedOutListener): () => void;
  /** Calls `listener` with every new pair, refreshed in this tab or handed over by another. */
  onTokens(listener: (tokens: StoredTokens) => void): () => void;
}

/**
 * A token client for browsers: one refresh at a time across all tabs of an origin (Web Locks,
 * or an IndexedDB lease where they are missing); the tab that refreshes hands the new pair to
 * the others (IndexedDB, which every tab reads consistently, and a BroadcastChannel notice); the
 * others use it instead of spending the old refresh token. A refused refresh signs every tab out.
 *
 * @example
 * ```ts
 * import { createDpopSigner, createTokenClient } from 'coatcheck/client';
 * const api = createTokenClient({ refreshUrl: '/auth/refresh', dpop: await createDpopSigner() });
 * await api.obtain('/auth/tokens', { method: 'POST' });
 * const me = await api.fetch('/me');
 * ```
 */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const name = options.name ?? 'tokens';
  const slot = new TokenSlot(`coatcheck-tokens:${name}`);
  const channel = openChannel(name);
  const state = new SignedOutState(channel);
  const sender = new ProofFetch(options.fetch ?? globalThis.fetch.bind(globalThis), options.dpop);
  const early = (options.earlyRefreshSeconds ?? 5) * 1000;
  const body = options.refreshBody ?? ((refresh_token: string) => ({ refresh_token }));
  const fresh = (t: StoredTokens): boolean => t.expiresAt - early > Date.now();
  const origins = new Set((options.apiOrigins ?? [location.origin]).map((o) => new URL(o).origin));
  let inflight: Promise<StoredTokens | null> | null = null;
  const listeners = new Set<(tokens: StoredTokens) => void>();
  const tell = (tokens: StoredTokens): void => {
    for (const listener of listeners) listener(tokens);
  };
  channel.listen((message) => {
    if (message.type === 'tokens') tell(message.tokens as StoredTokens);
  });

  async function rotate(stale: StoredTokens): Promise<StoredTokens | null> {
    const stored = await slot.read();
    if (!stored) return null;
    // Another tab refreshed while we waited for the lock: its pair is ours too.
    if (stored.accessToken !== stale.accessToken && fresh(stored)) return stored;
    const request = new Request(new URL(options.refreshUrl, location.href), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(stored.refreshToken)),
      credentials: 'same-origin',
    });
    const response = await sender.fetch(request, null, true);
    const next = response.ok ? parseTokenResponse(await response.json(), Date.now()) : null;
    if (next) {
      await slot.write(next);
      channel.post({ type: 'tokens', tokens: next });
      tell(next);
      return next;
    }
    // 409/503 are "try again later": keep the pair. Anything else means the family is gone.
    if (response.status === 409 || response.status >= 500)
      throw new Error(`refresh failed (${response.status})`);
    await slot.write(null);
    state.signOut('refused');
    return null;
  }

  function refresh(stale: StoredTokens): Promise<StoredTokens | null> {
    inflight ??= withLock(`coatcheck-refresh:${name}`, () => rotate(stale)).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  return {
    async fetch(input, init) {
      const base = new Request(input, init);
      if (!origins.has(new URL(base.url).origin)) return sender.send(base);
      let tokens = await slot.read();
      if (tokens && !fresh(tokens)) tokens = await refresh(tokens);
      let response = await sender.fetch(base, tokens);
      if (response.status === 401 && tokens) {
        const next = await refresh(tokens);
        if (next) response = await sender.fetch(base, next);
      }
      return response;
    },
    async obtain(url, init = {}) {
      const request = new Request(new URL(url, location.href), { method: 'POST', ...init });
      const response = await sender.fetch(request, null, true);
      const tokens = response.ok ? parseTokenResponse(await response.json(), Date.now()) : null;
      if (!tokens) throw new Error(`token request failed (${response.status})`);
      await slot.write(tokens);
      state.signIn();
      return tokens;
    },
    tokens: () => slot.read(),
    async signOut() {
      await slot.write(null);
      state.signOut('logout');
    },
    get signedOut() {
      return state.signedOut;
    },
    onSignedOut: (listener) => state.on(listener),
    onTokens(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
