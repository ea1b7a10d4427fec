// Opening a sealed value once and remembering it must never let anything open that a full
// decryption would refuse: another context, another key (same key id, other secret), a retired key,
// a tampered value.
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { OpenedCache } from '../../src/keys/opened-cache.js';
import { openText, sealText } from '../../src/keys/seal.js';
import { KeyMaterial } from '../../src/lib/crypto.js';

const secret = (): string => Keyring.generateSecret('k1').slice(3);

describe('opened-value cache', () => {
  it('answers only for the same value, context and key object', () => {
    const cache = new OpenedCache(10, 100);
    const key = new KeyMaterial(new Uint8Array(32));
    cache.set('$e1.k1.a.b', 's|1', key, '{"n":1}');
    expect(cache.get('$e1.k1.a.b', 's|1', key)).toBe('{"n":1}');
    expect(cache.get('$e1.k1.a.b', 's|2', key)).toBeNull();
    expect(cache.get('$e1.k1.a.b', 's|1', new KeyMaterial(new Uint8Array(32)))).toBeNull();
    expect(cache.get('$e1.k1.a.c', 's|1', key)).toBeNull();
  });

  it('is bounded: oldest entries go first, long values are never kept', () => {
    const cache = new OpenedCache(2, 20);
    const key = new KeyMaterial(new Uint8Array(32));
    for (const v of ['v1', 'v2', 'v3']) cache.set(v, 'c', key, v.toUpperCase());
    expect([cache.get('v1', 'c', key), cache.get('v2', 'c', key), cache.get('v3', 'c', key)]).toEqual([
      null,
      'V2',
      'V3',
    ]);
    cache.set('x'.repeat(21), 'c', key, 'long');
    expect(cache.get('x'.repeat(21), 'c', key)).toBeNull();
  });

  it('after a value opened once, other keys, contexts and tampered copies still fail', async () => {
    const ring = Keyring.fromString(`k1:${secret()}`);
    const sealed = await sealText(ring, '{"plans":"secret"}', 'sess|1', 'sess');
    for (let i = 0; i < 2; i++)
      expect((await openText(ring, sealed, 'sess|1', 'sess')).plaintext).toContain('plans');
    const failed = { code: 'ERR_DECRYPT_FAILED' };
    // Same key id, another secret: a different key, so a full (failing) decryption.
    await expect(
      openText(Keyring.fromString(`k1:${secret()}`), sealed, 'sess|1', 'sess'),
    ).rejects.toMatchObject(failed);
    await expect(
      openText(Keyring.fromString(`k2:${secret()}`), sealed, 'sess|1', 'sess'),
    ).rejects.toMatchObject(failed);
    await expect(openText(ring, sealed, 'sess|2', 'sess')).rejects.toMatchObject(failed);
    // Another scope is another key: the cache never answers for it.
    await expect(openText(ring, sealed, 'sess|1', 'other')).rejects.toMatchObject(failed);
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${sealed.slice(0, -2)}${last}${sealed.at(-1)}`;
    await expect(openText(ring, tampered, 'sess|1', 'sess')).rejects.toMatchObject(failed);
    expect((await openText(ring, sealed, 'sess|1', 'sess')).plaintext).toBe('{"plans":"secret"}');
  });
});
