import type { Device } from '../../helpers/attack-world.js';
import type { RawRequest } from '../../helpers/raw-http.js';

/** The state every attack runs against: two devices of alice, one of bob, tokens of each. */
export interface Fixtures {
  alice: Device;
  alice2: Device;
  bob: Device;
  aliceTokens: { accessToken: string; refreshToken: string };
  bobTokens: { accessToken: string; refreshToken: string };
  /** The origin the demo trusts, e.g. `http://localhost:1234`. */
  origin: string;
  port: number;
  /** Signs any header and payload with the service's real signing key. */
  sign(header: Record<string, unknown>, payload: unknown): Promise<string>;
  signingKey: { kid: string; alg: string };
  /** The service's public signing key as published in its JWKS. */
  publicJwk: Record<string, unknown>;
  issuer: string;
  serviceKey: string;
}

/**
 * One attack: the request, and the refusal expected (status, and the error code of the JSON body,
 * or null where Node's HTTP parser refuses the bytes before the app sees them). The runner also
 * checks that nothing the service keeps changed and that every victim is still signed in.
 */
export interface AttackCase {
  /** The requirement IDs (docs/SECURITY.md) the case proves. */
  ids: string;
  name: string;
  request(f: Fixtures): RawRequest | Promise<RawRequest>;
  status: number;
  code: string | null;
}

export const SAME_ORIGIN: [string, string] = ['Sec-Fetch-Site', 'same-origin'];
export const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

/** Flips the last character of a base64url string to another alphabet letter. */
export function flipLast(text: string): string {
  return text.slice(0, -1) + (text.at(-1) === 'A' ? 'B' : 'A');
}

/** A well-formed secret nobody was ever issued. */
export const MADE_UP_SECRET = `${'Q'.repeat(42)}A`;

/** A well-formed refresh-token issuance tag the server never made. */
export const MADE_UP_TAG = `${'T'.repeat(21)}A`;
