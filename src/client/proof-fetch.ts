import type { StoredTokens } from './tokens.js';

/** Makes DPoP proofs; {@link createDpopSigner} returns one. */
export interface ProofSigner {
  /** A proof for one request: `htm`, `htu` (no query or fragment), `iat`, `jti`, and `ath`/`nonce` when given. */
  proof(method: string, url: string, extra?: { accessToken?: string; nonce?: string }): Promise<string>;
}

/**
 * Sends a request with the access token (`Bearer`, or `DPoP` with a proof carrying `ath`) and,
 * for token endpoints, a proof. Remembers each origin's latest `DPoP-Nonce`, and retries once when
 * the server answers `use_dpop_nonce` (RFC 9449 §8, §9).
 */
export class ProofFetch {
  readonly #nonces = new Map<string, string>();

  constructor(
    readonly send: typeof fetch,
    readonly signer: ProofSigner | undefined,
  ) {}

  async fetch(base: Request, tokens: StoredTokens | null, tokenEndpoint = false): Promise<Response> {
    const origin = new URL(base.url).origin;
    const dpop = this.signer && (tokenEndpoint || tokens?.tokenType === 'DPoP') ? this.signer : null;
    for (let attempt = 0; ; attempt++) {
      const request = base.clone();
      if (tokens) request.headers.set('authorization', `${dpop ? 'DPoP' : 'Bearer'} ${tokens.accessToken}`);
      const nonce = this.#nonces.get(origin);
      if (dpop) {
        const extra = { accessToken: tokenEndpoint ? undefined : tokens?.accessToken, nonce };
        request.headers.set('dpop', await dpop.proof(request.method, request.url, clean(extra)));
      }
      const response = await this.send(request);
      const fresh = response.headers.get('dpop-nonce');
      if (!dpop || !fresh || fresh === nonce) return response;
      this.#nonces.set(origin, fresh);
      if (attempt > 0 || !(await asksForNonce(response))) return response;
    }
  }
}

function clean(extra: { accessToken?: string | undefined; nonce?: string | undefined }) {
  const out: { accessToken?: string; nonce?: string } = {};
  if (extra.accessToken) out.accessToken = extra.accessToken;
  if (extra.nonce) out.nonce = extra.nonce;
  return out;
}

// A token endpoint says `{"error":"use_dpop_nonce"}` (400); a resource server says it in
// `WWW-Authenticate: DPoP error="use_dpop_nonce"` (401).
async function asksForNonce(response: Response): Promise<boolean> {
  if (response.status === 401) return /use_dpop_nonce/.test(response.headers.get('www-authenticate') ?? '');
  if (response.status !== 400) return false;
  try {
    return (await response.clone().json())?.error === 'use_dpop_nonce';
  } catch {
    return false;
  }
}
