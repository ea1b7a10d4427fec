import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/stores/memory/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { DpopChecker } from '../../src/tokens/dpop/checker.js';
import { accessTokenHash, verifyProof } from '../../src/tokens/dpop/proof.js';
import { hs256Proof, noneProof, proofClient, RFC9449 } from '../helpers/dpop.js';
import { b64, rejectionCode } from '../helpers/tokens.js';

const URL_ = 'https://api.example.test/auth/refresh';
const window = { maxAgeSeconds: 60, leewaySeconds: 5 };

function checker(clock = new ManualClock()) {
  const store = new MemoryStore({ clock });
  return { clock, store, check: new DpopChecker({ store, clock }) };
}

describe('DPoP proofs: RFC 9449 test vectors', () => {
  it('the thumbprint and ath of the RFC examples', async () => {
    expect(await calculateJwkThumbprint(RFC9449.jwk, 'sha256')).toBe(RFC9449.jkt);
    expect(await accessTokenHash(RFC9449.accessToken)).toBe(RFC9449.ath);
  });

  it('the token-request proof (Figure 2) verifies at its own time and yields the RFC jkt', async () => {
    const now = RFC9449.tokenIat * 1000;
    const request = { proof: RFC9449.tokenProof, method: 'POST', url: 'https://server.example.com/token' };
    const verified = await verifyProof(request, { now, ...window });
    expect(verified).toMatchObject({ jkt: RFC9449.jkt, jti: '-BwC3ESc6acc2lTc', iat: RFC9449.tokenIat });
    // An hour later it is stale; another URL or method is refused.
    expect(await rejectionCode(verifyProof(request, { now: now + 3_600_000, ...window }))).toBe(
      'ERR_DPOP_INVALID',
    );
    const elsewhere = { ...request, url: 'https://server.example.com/other' };
    expect(await rejectionCode(verifyProof(elsewhere, { now, ...window }))).toBe('ERR_DPOP_INVALID');
    expect(await rejectionCode(verifyProof({ ...request, method: 'GET' }, { now, ...window }))).toBe(
      'ERR_DPOP_INVALID',
    );
  });

  it('the resource-request proof (Figure 13) verifies with its access token, and not with another', async () => {
    const now = RFC9449.resourceIat * 1000;
    const request = {
      proof: RFC9449.resourceProof,
      method: 'GET',
      url: 'https://resource.example.org/protectedresource',
    };
    const ok = await verifyProof(request, { now, ...window, accessToken: RFC9449.accessToken });
    expect(ok.jkt).toBe(RFC9449.jkt);
    const other = { now, ...window, accessToken: `${RFC9449.accessToken}x` };
    expect(await rejectionCode(verifyProof(request, other))).toBe('ERR_DPOP_INVALID');
    // The query string is not part of htu.
    const withQuery = { ...request, url: `${request.url}?page=2` };
    await expect(
      verifyProof(withQuery, { now, ...window, accessToken: RFC9449.accessToken }),
    ).resolves.toBeTruthy();
  });
});

describe('DPoP proofs: strict checks', () => {
  it('accepts a fresh ES256 and an Ed25519 proof once, and refuses the same jti twice', async () => {
    const { check, clock } = checker();
    for (const alg of ['ES256', 'EdDSA'] as const) {
      const client = proofClient(alg, () => clock.now());
      const proof = client.proof('POST', URL_);
      const first = await check.check({ proof, method: 'POST', url: URL_ });
      expect(first.jkt).toBe(await calculateJwkThumbprint(client.jwk as never, 'sha256'));
      expect(await rejectionCode(check.check({ proof, method: 'POST', url: URL_ }))).toBe('ERR_DPOP_INVALID');
      // Same jti in a new proof (new iat, new signature) is a replay too.
      clock.advance(1);
      const again = client.proof('POST', URL_, { jti: first.jti });
      expect(await rejectionCode(check.check({ proof: again, method: 'POST', url: URL_ }))).toBe(
        'ERR_DPOP_INVALID',
      );
    }
  });

  it('refuses wrong htm/htu, stale or future iat, alg none, HS256, a private key, a missing ath', async () => {
    const { check, clock } = checker();
    const now = () => clock.now();
    const client = proofClient('ES256', now);
    const ok = { method: 'POST', url: URL_ };
    const refused = async (proof: string, request = ok, token?: string) =>
      expect(await rejectionCode(check.check({ ...request, proof }, token))).toBe('ERR_DPOP_INVALID');
    await refused(client.proof('GET', URL_));
    await refused(client.proof('POST', 'https://api.example.test/auth/tokens'));
    await refused(client.proof('POST', 'https://evil.example.test/auth/refresh'));
    await refused(client.proof('POST', URL_, { iat: Math.floor(now() / 1000) - 120 }));
    await refused(client.proof('POST', URL_, { iat: Math.floor(now() / 1000) + 60 }));
    await refused(noneProof(client, 'POST', URL_, now()));
    await refused(hs256Proof(client, 'POST', URL_, now()));
    const privateJwk = client.key.privateKey.export({ format: 'jwk' });
    await refused(client.proof('POST', URL_, { header: { jwk: privateJwk } }));
    await refused(client.proof('POST', URL_, { header: { typ: 'JWT' } }));
    await refused(client.proof('POST', URL_, { header: { jku: 'https://evil.example.test/jwks' } }));
    await refused(client.proof('POST', URL_, { claims: { jti: undefined } }));
    // A resource request: a proof without ath, or with another token's ath.
    const resource = { method: 'GET', url: 'https://api.example.test/me' };
    await refused(client.proof('GET', resource.url), resource, 'an.access.token');
    await refused(
      client.proof('GET', resource.url, { accessToken: 'another.token.x' }),
      resource,
      'an.access.token',
    );
    // A key from another proof: the signature does not verify.
    const other = proofClient('ES256', now);
    await refused(client.proof('POST', URL_, { header: { jwk: other.jwk } }));
    // Not a JWT at all, duplicate members, no proof.
    await refused('not.a.jwt');
    await refused(`${b64('{"typ":"dpop+jwt","typ":"dpop+jwt"}')}.${b64({})}.AAAA`);
    expect(await rejectionCode(check.check({ ...ok, proof: undefined }))).toBe('ERR_DPOP_INVALID');
    // And the control: a correct proof passes.
    await expect(check.check({ ...ok, proof: client.proof('POST', URL_) })).resolves.toHaveProperty('jkt');
  });

  it('a store outage fails closed', async () => {
    const clock = new ManualClock();
    const broken = { putDocument: () => Promise.reject(new Error('down')) };
    const check = new DpopChecker({ store: broken, clock });
    const proof = proofClient('ES256', () => clock.now()).proof('POST', URL_);
    expect(await rejectionCode(check.check({ proof, method: 'POST', url: URL_ }))).toBe(
      'ERR_STORE_UNAVAILABLE',
    );
  });
});
