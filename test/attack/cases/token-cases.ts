import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { b64 } from '../../helpers/tokens.js';
import { type AttackCase, type Fixtures, flipLast } from './types.js';

// RFC 8725 attacks on `GET /me` with a Bearer token (TK-1…TK-9). Forged tokens are signed with the
// service's real key unless the attack is about the key, so each differs from an accepted token in
// one respect only (the suite first proves that an honest token forged the same way is accepted).
const INVALID = { status: 401, code: 'ERR_TOKEN_INVALID' };
const attacker = generateKeyPairSync('ed25519');
const attackerJwk = attacker.publicKey.export({ format: 'jwk' });

export const now = (): number => Math.floor(Date.now() / 1000);

export function honestHeader(f: Fixtures, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { alg: f.signingKey.alg, kid: f.signingKey.kid, typ: 'at+jwt', ...extra };
}

export function honestClaims(f: Fixtures, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = now();
  return {
    iss: f.issuer,
    aud: 'coatcheck',
    sub: 'alice',
    sid: f.alice.sessionId,
    iat,
    exp: iat + 300,
    jti: randomUUID(),
    ...extra,
  };
}

type Forge = (f: Fixtures) => string | Promise<string>;
const real =
  (header: Record<string, unknown>, claims: (f: Fixtures) => Record<string, unknown> = () => ({})): Forge =>
  (f) =>
    f.sign(honestHeader(f, header), honestClaims(f, claims(f)));
const unsigned =
  (alg: string, signature: (f: Fixtures) => string): Forge =>
  (f) =>
    `${b64(honestHeader(f, { alg }))}.${b64(honestClaims(f))}.${signature(f)}`;
const hs256 =
  (secret: (f: Fixtures) => Buffer | string): Forge =>
  (f) => {
    const input = `${b64(honestHeader(f, { alg: 'HS256' }))}.${b64(honestClaims(f))}`;
    return `${input}.${createHmac('sha256', secret(f)).update(input).digest('base64url')}`;
  };
const byAttacker =
  (header: (f: Fixtures) => Record<string, unknown>): Forge =>
  (f) => {
    const input = `${b64(header(f))}.${b64(honestClaims(f))}`;
    return `${input}.${sign(null, Buffer.from(input), attacker.privateKey).toString('base64url')}`;
  };
const realSignature = async (f: Fixtures) => (await real({})(f)).split('.')[2]!;

const BEARER: [string, Forge][] = [
  ['alg none, empty signature', unsigned('none', () => '')],
  ['alg None, empty signature', unsigned('None', () => '')],
  [
    'alg NONE with a signature from a real token',
    async (f) => unsigned('NONE', () => '')(f) + (await realSignature(f)),
  ],
  ['HS256 with the public JWK as the secret', hs256((f) => JSON.stringify(f.publicJwk))],
  [
    'HS256 with the raw public key as the secret',
    hs256((f) => Buffer.from(String(f.publicJwk.x), 'base64url')),
  ],
  [
    'a jwk header with the attacker key, signed by the attacker',
    byAttacker((f) => honestHeader(f, { jwk: attackerJwk })),
  ],
  ['a jwk header, signed by the real key', real({ jwk: attackerJwk })],
  ['a jku header, signed by the real key', real({ jku: 'https://evil.example/jwks.json' })],
  ['an x5u header, signed by the real key', real({ x5u: 'https://evil.example/cert.pem' })],
  ['an x5c header, signed by the real key', real({ x5c: ['MIIBsz'] })],
  ['crit with an unknown extension', real({ crit: ['exp'] })],
  ['typ missing', real({ typ: undefined })],
  ['typ JWT', real({ typ: 'JWT' })],
  ['typ of another token kind (rt+jwt)', real({ typ: 'rt+jwt' })],
  ['expired two minutes ago', real({}, () => ({ exp: now() - 120, iat: now() - 420 }))],
  ['nbf two minutes ahead', real({}, () => ({ nbf: now() + 120 }))],
  [
    'iat and exp far in the future',
    real({}, () => ({ iat: now() + 3600, exp: now() + 3900, nbf: now() + 3600 })),
  ],
  ['wrong iss', real({}, () => ({ iss: 'http://evil.example' }))],
  ['iss with a trailing slash', real({}, (f) => ({ iss: `${f.issuer}/` }))],
  ['wrong aud', real({}, () => ({ aud: 'another-api' }))],
  ['aud missing', real({}, () => ({ aud: undefined }))],
  ['sid of no session', real({}, () => ({ sid: 'Z'.repeat(22) }))],
  ['sid missing', real({}, () => ({ sid: undefined }))],
  ['kid traversal', real({ kid: '../../../etc/passwd' })],
  ['kid unknown', real({ kid: 'not-a-key' })],
  ['kid missing', real({ kid: undefined })],
  ['a key not in the JWKS under the real kid', byAttacker((f) => honestHeader(f))],
  ['a real token with its last signature character changed', (f) => flipLast(f.aliceTokens.accessToken)],
  [
    'a real token with the payload of another user',
    async (f) => {
      const [h, , s] = f.aliceTokens.accessToken.split('.');
      return `${h}.${b64(honestClaims(f, { sub: 'bob', sid: f.bob.sessionId }))}.${s}`;
    },
  ],
  ['a refresh token used as an access token', (f) => f.aliceTokens.refreshToken],
  ['a 10 KB token', () => `${'a'.repeat(5000)}.${'b'.repeat(5000)}.c`],
  ['JSON serialization', (f) => JSON.stringify(f.aliceTokens.accessToken.split('.'))],
];

export const tokenCases: AttackCase[] = [
  ...BEARER.map(
    ([name, forge]): AttackCase => ({
      ids: 'TK-1…TK-9',
      name: `GET /me with Bearer: ${name}`,
      request: async (f) => ({
        method: 'GET',
        path: '/me',
        headers: [['Authorization', `Bearer ${await forge(f)}`]],
      }),
      ...INVALID,
    }),
  ),
];
