import { createHash, randomUUID } from 'node:crypto';
import { forge, forgeHs256, type TestKey, testKey } from './jws.js';

/** A DPoP client for Node tests: one key, proofs made exactly as RFC 9449 §4.2 says (or broken on purpose). */
export interface ProofClient {
  key: TestKey;
  /** The public JWK the proofs carry (no kid/alg/use). */
  jwk: Record<string, unknown>;
  proof(method: string, url: string, extra?: ProofTweaks): string;
}

export interface ProofTweaks {
  accessToken?: string;
  nonce?: string;
  iat?: number;
  jti?: string;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
}

export function proofClient(alg: 'ES256' | 'EdDSA' = 'ES256', now: () => number = Date.now): ProofClient {
  const key = testKey(alg, 'unused');
  const { kid: _k, alg: _a, use: _u, ...jwk } = key.jwk;
  return {
    key,
    jwk,
    proof(method, url, t = {}) {
      const header = { typ: 'dpop+jwt', alg, jwk, ...t.header };
      const claims: Record<string, unknown> = {
        jti: t.jti ?? randomUUID(),
        htm: method,
        htu: url,
        iat: t.iat ?? Math.floor(now() / 1000),
        ...(t.accessToken ? { ath: ath(t.accessToken) } : {}),
        ...(t.nonce ? { nonce: t.nonce } : {}),
        ...t.claims,
      };
      return forge(header, claims, key);
    },
  };
}

export function ath(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url');
}

/** The same claims signed with HS256 (a MAC, which a proof may never use). */
export function hs256Proof(client: ProofClient, method: string, url: string, now: number): string {
  const claims = { jti: randomUUID(), htm: method, htu: url, iat: Math.floor(now / 1000) };
  return forgeHs256(
    { typ: 'dpop+jwt', alg: 'HS256', jwk: client.jwk },
    claims,
    'a-shared-secret-of-32-bytes-long!',
  );
}

/** An unsigned `alg: none` proof. */
export function noneProof(client: ProofClient, method: string, url: string, now: number): string {
  const b = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims = { jti: randomUUID(), htm: method, htu: url, iat: Math.floor(now / 1000) };
  return `${b({ typ: 'dpop+jwt', alg: 'none', jwk: client.jwk })}.${b(claims)}.`;
}

// RFC 9449 Figure 2 (token request) and Figure 13 (resource request), line breaks removed; both
// signed by the key of Figure 4, whose thumbprint §6.1 gives.
const RFC_HEADER =
  'eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19';
export const RFC9449 = {
  tokenProof: `${RFC_HEADER}.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg`,
  tokenIat: 1562262616,
  resourceProof: `${RFC_HEADER}.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA`,
  resourceIat: 1562262618,
  accessToken: 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU',
  ath: 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
  jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I',
  jwk: {
    kty: 'EC',
    x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs',
    y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA',
    crv: 'P-256',
  },
} as const;
