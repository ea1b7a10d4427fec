import { sha256 } from '../../lib/crypto.js';
import { toBase64Url, utf8 } from '../../lib/encoding.js';
import type { PublicSigningJwk, StoredSigningKey } from './keyset.js';

/** A JWKS document: public members only, each key with `kid`, `alg` and `use: sig`. */
export interface JwksDocument {
  keys: PublicSigningJwk[];
}

/** The JWKS body with the headers to serve it with. */
export interface JwksResponse {
  body: JwksDocument;
  headers: Record<string, string>;
}

/** Builds the JWKS response for `keys`, cacheable for `maxAgeSeconds`, with a strong ETag. */
export async function buildJwks(
  keys: readonly StoredSigningKey[],
  maxAgeSeconds: number,
): Promise<JwksResponse> {
  const body: JwksDocument = { keys: keys.map((key) => ({ ...key.publicJwk })) };
  const etag = toBase64Url(await sha256(utf8(JSON.stringify(body)))).slice(0, 27);
  return {
    body,
    headers: {
      'content-type': 'application/jwk-set+json',
      'cache-control': `public, max-age=${maxAgeSeconds}`,
      etag: `"${etag}"`,
    },
  };
}
