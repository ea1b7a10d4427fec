import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring, SCOPED_KEYS_KEPT } from '../../src/keys/keyring.js';
import { openText, sealText } from '../../src/keys/seal.js';
import { createSealer } from '../../src/keys/sealer.js';
import { parseSecrets } from '../../src/keys/secrets.js';
import { aesGcmDecrypt } from '../../src/lib/crypto.js';
import { fromBase64Url, fromUtf8, utf8 } from '../../src/lib/encoding.js';

// The format session data was sealed in before a key per scope: one data key per secret.
const previousFormat = createSealer({ purpose: 'data', prefix: '$e1.', label: 'data', failure: 'x' });

const strong = () => Keyring.generateSecret('k1').slice(3);

describe('secrets and keyring', () => {
  it('parses kid:secret lists newest first', () => {
    const k2 = strong();
    const k1 = strong();
    const entries = parseSecrets(`k2:${k2}, k1:${k1}`);
    expect(entries.map((e) => e.kid)).toEqual(['k2', 'k1']);
    expect(entries[0]!.bytes).toHaveLength(32);
  });

  it('refuses weak, password-like, malformed and duplicate entries, naming no secret', () => {
    const cases = [
      'k1:short',
      `k1:${'a'.repeat(43)}`,
      `k1:${'passwordpassword'.repeat(3)}`,
      strong(),
      `k1:${strong()},k1:${strong()}`,
      `k1:${strong()},k0:weak`,
      '',
      `k1:${strong()}=`,
    ];
    for (const value of cases) {
      let error: unknown;
      try {
        parseSecrets(value);
      } catch (e) {
        error = e;
      }
      expect(error, value).toMatchObject({ name: 'SessionError' });
      const message = (error as Error).message;
      for (const part of value.split(/[,:]/)) if (part.length > 8) expect(message).not.toContain(part);
    }
  });

  it('never refuses a generated secret (1 in 8,000 is letters only)', () => {
    for (let i = 0; i < 40_000; i++) expect(() => parseSecrets(Keyring.generateSecret('k1'))).not.toThrow();
  });

  it('derives distinct keys per purpose and key id', async () => {
    const ring = Keyring.fromString(`k2:${strong()},k1:${strong()}`);
    const data = await ring.current('data');
    const csrf = await ring.current('csrf');
    expect(data.kid).toBe('k2');
    expect(Buffer.from(data.key.bytes).equals(Buffer.from(csrf.key.bytes))).toBe(false);
    expect(await ring.byKid('data', 'k9')).toBeNull();
    expect(JSON.stringify(ring)).toBe('{"kids":["k2","k1"]}');
    expect(JSON.stringify({ k: data.key })).not.toContain(Buffer.from(data.key.bytes).toString('hex'));
  });
});

describe('sealing', () => {
  it('round-trips, binds the context and opens after rotation', async () => {
    const old = strong();
    const ring1 = Keyring.fromString(`k1:${old}`);
    const sealed = await sealText(ring1, '{"secret":"plans"}', 'sess|1', 'sess');
    expect(sealed).toMatch(/^\$e3\.k1\./);
    expect(sealed).not.toContain('plans');
    expect((await openText(ring1, sealed, 'sess|1', 'sess')).plaintext).toBe('{"secret":"plans"}');
    await expect(openText(ring1, sealed, 'sess|2', 'sess')).rejects.toMatchObject({
      code: 'ERR_DECRYPT_FAILED',
    });
    const rotated = Keyring.fromString(`k2:${strong()},k1:${old}`);
    expect(await openText(rotated, sealed, 'sess|1', 'sess')).toEqual({
      plaintext: '{"secret":"plans"}',
      kid: 'k1',
    });
    expect(await sealText(rotated, 'x', 'c', 's')).toMatch(/^\$e3\.k2\./);
    const retired = Keyring.fromString(`k2:${strong()}`);
    await expect(openText(retired, sealed, 'sess|1', 'sess')).rejects.toMatchObject({
      code: 'ERR_DECRYPT_FAILED',
    });
  });

  it('detects any flipped character', async () => {
    const ring = Keyring.fromString(`k1:${strong()}`);
    const sealed = await sealText(ring, 'hello', 'ctx', 'scope');
    for (let i = 4; i < sealed.length; i += 3) {
      const c = sealed[i] === 'A' ? 'B' : 'A';
      const tampered = sealed.slice(0, i) + c + sealed.slice(i + 1);
      if (tampered === sealed) continue;
      await expect(openText(ring, tampered, 'ctx', 'scope')).rejects.toMatchObject({
        code: 'ERR_DECRYPT_FAILED',
      });
    }
  });

  it('seals each scope under a key of its own, in no more bytes than one key per secret (nonce budget, CR-3)', async () => {
    const ring = Keyring.fromString(`k1:${strong()}`);
    const sealed = await sealText(ring, '{"role":"member"}', 'sess-a|1', 'session:sess-a:0');
    const [, kid, nonce, body] = sealed.split('.') as [string, string, string, string];
    const aad = utf8(`coatcheck:data:v3|sess-a|1|${kid}`);
    // Not the secret's data key: that one would seal every session's writes.
    const { key: perSecret } = await ring.current('data');
    await expect(
      aesGcmDecrypt(perSecret, fromBase64Url(nonce)!, fromBase64Url(body)!, aad),
    ).rejects.toThrow();
    // The key of this scope, derived from the secret, opens it; another scope's key does not.
    const own = (await ring.scoped('data', 'k1', 'session:sess-a:0'))!;
    expect(fromUtf8(await aesGcmDecrypt(own, fromBase64Url(nonce)!, fromBase64Url(body)!, aad))).toBe(
      '{"role":"member"}',
    );
    const other = (await ring.scoped('data', 'k1', 'session:sess-b:0'))!;
    expect(Buffer.from(other.bytes).equals(Buffer.from(own.bytes))).toBe(false);
    await expect(openText(ring, sealed, 'sess-a|1', 'session:sess-b:0')).rejects.toMatchObject({
      code: 'ERR_DECRYPT_FAILED',
    });
    // The scope is not stored: the value is exactly as long as one sealed per secret.
    const perSecretValue = await previousFormat.seal(ring, '{"role":"member"}', 'sess-a|1');
    expect(sealed.length).toBe(perSecretValue.length);
    expect(await ring.scoped('data', 'k9', 'session:sess-a:0')).toBeNull();
  });

  it("values sealed before under the secret's own data key ($e1) still open", async () => {
    const ring = Keyring.fromString(`k1:${strong()}`);
    const before = await previousFormat.seal(ring, '{"cart":[1]}', 'sess|7');
    expect(before).toMatch(/^\$e1\.k1\./);
    for (let i = 0; i < 2; i++) {
      expect(await openText(ring, before, 'sess|7', 'session:sess:0')).toEqual({
        plaintext: '{"cart":[1]}',
        kid: 'k1',
      });
    }
    await expect(openText(ring, before, 'sess|8', 'session:sess:0')).rejects.toMatchObject({
      code: 'ERR_DECRYPT_FAILED',
    });
  });

  it('keeps a bounded number of scoped keys and derives an evicted one again, identical', async () => {
    const ring = Keyring.fromString(`k1:${strong()}`);
    const first = (await ring.scoped('data', 'k1', 'scope-0'))!;
    expect(await ring.scoped('data', 'k1', 'scope-0')).toBe(first);
    for (let i = 1; i <= SCOPED_KEYS_KEPT; i++) await ring.scoped('data', 'k1', `scope-${i}`);
    const again = (await ring.scoped('data', 'k1', 'scope-0'))!;
    expect(again).not.toBe(first);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it('derives a scoped key as HKDF-SHA256(secret, "coatcheck/v1/<purpose>/<scope>")', async () => {
    const secret = strong();
    const ring = Keyring.fromString(`k1:${secret}`);
    const expected = hkdfSync(
      'sha256',
      fromBase64Url(secret)!,
      new Uint8Array(0),
      'coatcheck/v1/data/s:1',
      32,
    );
    expect(Buffer.from((await ring.scoped('data', 'k1', 's:1'))!.bytes)).toEqual(Buffer.from(expected));
  });
});
