import { createPublicKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { ManualClock } from '../../src/testing/index.js';
import { createAccessTokenVerifier } from '../../src/tokens/index.js';
import { forge, forgeHs256, jwksOf, testKey } from '../helpers/jws.js';
import { AUDIENCE, b64, ISSUER } from '../helpers/tokens.js';

// RFC 8725 attacks. Each forged token is checked by a verifier that accepts the same token when it
// is honest, so every rejection below is a rejection of the attack and not of a broken setup.
const clock = new ManualClock(1_800_000_000_000);
const ed = testKey('EdDSA', 'ed-1');
const ec = testKey('ES256', 'ec-1');
const attacker = testKey('EdDSA', 'ed-1');
const verifier = createAccessTokenVerifier({
  jwks: jwksOf(ed, ec),
  issuer: ISSUER,
  audience: AUDIENCE,
  algorithms: ['EdDSA', 'ES256'],
  leewaySeconds: 30,
  clock,
});
const now = Math.floor(clock.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'alice',
  sid: 'sess-1',
  iat: now,
  exp: now + 300,
  jti: 'jti-1',
  ...extra,
});
const header = (extra: Record<string, unknown> = {}) => ({
  alg: 'EdDSA',
  kid: 'ed-1',
  typ: 'at+jwt',
  ...extra,
});

async function rejected(token: string, v = verifier): Promise<void> {
  const error = await v.verify(token).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the attack was accepted').not.toBeNull();
  expect(isSessionError(error, 'ERR_TOKEN_INVALID')).toBe(true);
  expect((error as Error).message).toBe('invalid_token');
}

describe('access tokens: RFC 8725 attacks are rejected', () => {
  it('control: honest EdDSA and ES256 tokens verify', async () => {
    expect((await verifier.verify(forge(header(), claims(), ed))).userId).toBe('alice');
    const es = forge(header({ alg: 'ES256', kid: 'ec-1' }), claims(), ec);
    expect((await verifier.verify(es)).sessionId).toBe('sess-1');
    const longTyp = forge(header({ typ: 'application/at+jwt' }), claims(), ed);
    expect((await verifier.verify(longTyp)).tokenId).toBe('jti-1');
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('alg %s, with and without a signature', async (alg) => {
    const unsigned = `${b64(header({ alg }))}.${b64(claims())}`;
    await rejected(`${unsigned}.`);
    await rejected(`${unsigned}.${forge(header(), claims(), ed).split('.')[2]}`);
  });

  it('HS256 signed with the public key (JWK JSON, raw x, PEM, SPKI DER)', async () => {
    const x = Buffer.from(String(ed.jwk.x), 'base64url');
    const pub = createPublicKey({ key: ed.jwk as never, format: 'jwk' });
    const secrets = [
      JSON.stringify(ed.jwk),
      x,
      pub.export({ type: 'spki', format: 'pem' }),
      pub.export({ type: 'spki', format: 'der' }),
    ];
    for (const secret of secrets)
      await rejected(forgeHs256(header({ alg: 'HS256' }), claims(), secret as Buffer));
    const loose = createAccessTokenVerifier({ jwks: jwksOf(ed), issuer: ISSUER, audience: AUDIENCE, clock });
    await rejected(forgeHs256(header({ alg: 'HS256' }), claims(), x), loose);
  });

  it('alg and key disagree', async () => {
    // An Ed25519 signature labelled ES256 under the Ed25519 kid, and the reverse.
    const edSig = forge(header(), claims(), ed).split('.')[2];
    await rejected(`${b64(header({ alg: 'ES256' }))}.${b64(claims())}.${edSig}`);
    await rejected(forge(header({ alg: 'ES256', kid: 'ed-1' }), claims(), ec));
    await rejected(forge(header({ alg: 'EdDSA', kid: 'ec-1' }), claims(), ed));
    await rejected(forge(header({ alg: 'RS256' }), claims(), ed));
  });

  it.each(['jwk', 'jku', 'x5u', 'x5c'])('embedded key header %s is never trusted', async (name) => {
    const values: Record<string, unknown> = {
      jwk: attacker.jwk,
      jku: 'https://evil.example/jwks.json',
      x5u: 'https://evil.example/cert.pem',
      x5c: ['MIIB'],
    };
    // Signed by the attacker's key that the header points at, and even by the real key.
    await rejected(forge(header({ [name]: values[name] }), claims(), attacker));
    await rejected(forge(header({ [name]: values[name] }), claims(), ed));
  });

  it('malformed or missing kid', async () => {
    for (const kid of ['../../etc/passwd', "x' OR '1'='1", 'a'.repeat(65), '', 42, null]) {
      await rejected(forge(header({ kid }), claims(), ed));
    }
    const { kid: _drop, ...noKid } = header();
    await rejected(forge(noKid, claims(), ed));
    await rejected(forge(header({ kid: 'unknown-kid' }), claims(), ed));
  });

  it('a flipped bit anywhere is rejected', async () => {
    const honest = forge(header(), claims(), ed);
    const parts = honest.split('.');
    for (let part = 0; part < 3; part++) {
      const bytes = Buffer.from(parts[part]!, 'base64url');
      for (let i = 0; i < bytes.length; i += part === 2 ? 1 : 7) {
        const flipped = Buffer.from(bytes);
        flipped[i]! ^= 1 << (i % 8);
        const copy = [...parts];
        copy[part] = flipped.toString('base64url');
        await rejected(copy.join('.'));
      }
    }
  });

  it('wrong typ, aud or iss, and missing required claims', async () => {
    for (const typ of ['JWT', 'jwt', 'at+JWT', 'application/jwt', 'rt+jwt', undefined]) {
      await rejected(forge(header({ typ }), claims(), ed));
    }
    await rejected(forge(header(), claims({ aud: 'https://other.example.test' }), ed));
    await rejected(forge(header(), claims({ iss: `${ISSUER}/` }), ed));
    await rejected(forge(header(), claims({ iss: 'https://AUTH.example.test' }), ed));
    for (const name of ['iss', 'aud', 'sub', 'sid', 'iat', 'exp', 'jti']) {
      const partial: Record<string, unknown> = claims();
      delete partial[name];
      await rejected(forge(header(), partial, ed));
    }
  });

  it('expired and not-yet-valid, with and without leeway', async () => {
    const strict = createAccessTokenVerifier({
      jwks: jwksOf(ed),
      issuer: ISSUER,
      audience: AUDIENCE,
      leewaySeconds: 0,
      clock,
    });
    const recentlyExpired = forge(header(), claims({ exp: now - 10 }), ed);
    expect((await verifier.verify(recentlyExpired)).userId).toBe('alice');
    await rejected(recentlyExpired, strict);
    await rejected(forge(header(), claims({ exp: now - 31 }), ed));
    const soon = forge(header(), claims({ nbf: now + 10 }), ed);
    expect((await verifier.verify(soon)).userId).toBe('alice');
    await rejected(soon, strict);
    await rejected(forge(header(), claims({ nbf: now + 31 }), ed));
  });

  it('crit, b64:false, non-compact and non-canonical encodings', async () => {
    await rejected(forge(header({ crit: ['exp'] }), claims(), ed));
    await rejected(forge(header({ b64: false, crit: ['b64'] }), claims(), ed));
    const honest = forge(header(), claims(), ed);
    await rejected(`${honest}=`);
    const [h, p, s] = honest.split('.');
    await rejected(`${h}.${p}.+${s!.slice(1)}`);
    await rejected(`${h}.${p}./${s!.slice(1)}`);
    // Non-canonical: the last character of a 64-byte signature carries 4 unused bits; a lenient
    // decoder maps both spellings to the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(s!.at(-1)!);
    await rejected(`${h}.${p}.${s!.slice(0, -1)}${alphabet[last ^ 1]}`);
    await rejected(JSON.stringify({ protected: h, payload: p, signature: s }));
    await rejected(`${h}.${p}.${s}.extra`);
    await rejected('x'.repeat(9000));
  });

  it('configuration refuses RSA keys below 3072 bits', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'rsa-1', alg: 'PS256', use: 'sig' };
    const make = () =>
      createAccessTokenVerifier({
        jwks: { keys: [jwk] } as never,
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['PS256'],
      });
    expect(make).toThrow(/3072/);
  });

  it('configuration refuses symmetric algorithms, empty lists and leeway above 60 s', () => {
    const base = { jwks: jwksOf(ed), issuer: ISSUER, audience: AUDIENCE };
    expect(() => createAccessTokenVerifier({ ...base, algorithms: ['HS256' as never] })).toThrow(
      /algorithms/,
    );
    expect(() => createAccessTokenVerifier({ ...base, algorithms: [] })).toThrow(/algorithms/);
    expect(() => createAccessTokenVerifier({ ...base, leewaySeconds: 61 })).toThrow(/leeway/);
    expect(() =>
      createAccessTokenVerifier({ ...base, jwks: { keys: [{ ...ed.jwk, d: 'x' }] } as never }),
    ).toThrow(/public/);
    expect(() =>
      createAccessTokenVerifier({ ...base, jwks: { keys: [{ ...ed.jwk, alg: undefined }] } as never }),
    ).toThrow(/alg/);
    expect(() =>
      createAccessTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: 'http://evil.example/jwks' }),
    ).toThrow(/https/);
  });
});

describe('access tokens: ambiguous JSON', () => {
  it('duplicate member names in the header or the payload are rejected', async () => {
    const raw = (json: string): string => Buffer.from(json).toString('base64url');
    // Signed over the exact bytes with the real key, so only the duplicate can cause the rejection.
    const sign = (h: string, p: string): string => {
      const input = `${raw(h)}.${raw(p)}`;
      return `${input}.${nodeSign(null, Buffer.from(input), ed.privateKey).toString('base64url')}`;
    };
    const h = JSON.stringify(header());
    const p = JSON.stringify(claims());
    expect((await verifier.verify(sign(h, p))).userId).toBe('alice');
    await rejected(sign(h.replace('{', '{"alg":"none",'), p));
    await rejected(sign(h, p.replace('{', '{"sub":"mallory",')));
    await rejected(sign(h, p.replace('{', '{"\\u0073ub":"mallory",')));
    // Nested objects may repeat names: only top-level members are claims.
    expect(await verifier.verify(sign(h, p.replace('{', '{"ctx":{"a":1},"x":{"a":2},')))).toBeTruthy();
  });
});
