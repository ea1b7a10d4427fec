import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../src/lib/encoding.js';

describe('base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64Url(text)).toEqual(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });

  it('rejects padding, standard alphabet, non-ASCII and non-canonical tails', () => {
    for (const bad of ['AA==', 'a+b/', 'ab c', 'é', 'A', 'AB', 'AAB']) {
      // 'AB' and 'AAB' carry non-zero leftover bits, so they are not canonical encodings.
      expect(fromBase64Url(bad), bad).toBeNull();
    }
    expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
  });
});
