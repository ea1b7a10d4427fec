import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { openText, sealText } from '../../src/keys/seal.js';
import { parseSecrets } from '../../src/keys/secrets.js';

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
    const sealed = await sealText(ring1, '{"secret":"plans"}', 'sess|1');
    expect(sealed).toMatch(/^\$e1\.k1\./);
    expect(sealed).not.toContain('plans');
    expect((await openText(ring1, sealed, 'sess|1')).plaintext).toBe('{"secret":"plans"}');
    await expect(openText(ring1, sealed, 'sess|2')).rejects.toMatchObject({ code: 'ERR_DECRYPT_FAILED' });
    const rotated = Keyring.fromString(`k2:${strong()},k1:${old}`);
    expect(await openText(rotated, sealed, 'sess|1')).toEqual({ plaintext: '{"secret":"plans"}', kid: 'k1' });
    expect(await sealText(rotated, 'x', 'c')).toMatch(/^\$e1\.k2\./);
    const retired = Keyring.fromString(`k2:${strong()}`);
    await expect(openText(retired, sealed, 'sess|1')).rejects.toMatchObject({ code: 'ERR_DECRYPT_FAILED' });
  });

  it('detects any flipped character', async () => {
    const ring = Keyring.fromString(`k1:${strong()}`);
    const sealed = await sealText(ring, 'hello', 'ctx');
    for (let i = 4; i < sealed.length; i += 3) {
      const c = sealed[i] === 'A' ? 'B' : 'A';
      const tampered = sealed.slice(0, i) + c + sealed.slice(i + 1);
      if (tampered === sealed) continue;
      await expect(openText(ring, tampered, 'ctx')).rejects.toMatchObject({ code: 'ERR_DECRYPT_FAILED' });
    }
  });
});
