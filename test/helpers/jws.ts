import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { JwksDocument } from '../../src/tokens/index.js';
import { b64 } from './tokens.js';

/** A test key pair with its public JWK, for forging tokens by hand. */
export interface TestKey {
  kid: string;
  alg: 'EdDSA' | 'ES256';
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function testKey(alg: 'EdDSA' | 'ES256', kid: string): TestKey {
  const pair =
    alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  return { kid, alg, privateKey: pair.privateKey, jwk };
}

export function jwksOf(...keys: TestKey[]): JwksDocument {
  return { keys: keys.map((k) => k.jwk) } as unknown as JwksDocument;
}

/** Signs any header and payload with a key, exactly as given: the forger's tool. */
export function forge(header: Record<string, unknown>, payload: unknown, key: TestKey): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const data = Buffer.from(input);
  const signature =
    key.alg === 'EdDSA'
      ? sign(null, data, key.privateKey)
      : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** HS256 over header.payload with arbitrary secret bytes (the public-key-as-HMAC-secret attack). */
export function forgeHs256(
  header: Record<string, unknown>,
  payload: unknown,
  secret: Buffer | string,
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
