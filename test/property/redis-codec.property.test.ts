import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSession, encodeSession } from '../../src/stores/redis/codec.js';
import { numberText, textNumber } from '../../src/stores/redis/number-text.js';
import type { StoredSession } from '../../src/stores/types.js';

// The Redis record stores the secret hash and sealed data as bytes when their text is canonical
// base64url, and as text otherwise: either way a record must give back exactly what was stored.
const RUNS = { numRuns: 400 };
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');
const b64url = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...B64URL), minLength: min, maxLength: max });
// User ids refuse control characters (the record's separator is one).
const userId = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 80 })
  .filter((u) => [...u].every((c) => c.codePointAt(0)! >= 0x20));
const hash = fc.oneof(
  fc.constant(null).map(() => randomBytes(32).toString('base64url')),
  b64url(43, 43),
  fc.string({ maxLength: 60 }),
);
const data = fc.oneof(
  fc.json(),
  fc
    .tuple(fc.constantFrom('$e1', '$e3', '$e2'), b64url(1, 16), fc.nat(300))
    .map(
      ([envelope, kid, n]) =>
        `${envelope}.${kid}.${randomBytes(12).toString('base64url')}.${randomBytes(n).toString('base64url')}`,
    ),
  fc
    .tuple(fc.constantFrom('$e1', '$e3'), b64url(1, 16), b64url(16, 16), b64url(0, 60))
    .map(([envelope, kid, nonce, ct]) => `${envelope}.${kid}.${nonce}.${ct}`),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const time = fc.integer({ min: 1_600_000_000_000, max: 4_000_000_000_000 });
const offset = fc.integer({ min: -10_000_000_000, max: 10_000_000_000 });

describe('Redis session record', () => {
  it('decodes to exactly what was encoded', () => {
    fc.assert(
      fc.property(
        fc.record({
          userId,
          secretHash: hash,
          data,
          createdAt: time,
          offsets: fc.array(offset, { minLength: 4, maxLength: 4 }),
        }),
        fc.nat(1_000_000),
        // Every metadata field optional: records written before `device` existed read the same.
        fc.option(
          fc.record(
            { ip: fc.string(), userAgent: fc.string(), device: fc.string(), label: fc.string() },
            { requiredKeys: [] },
          ),
          { nil: undefined },
        ),
        ({ userId, secretHash, data, createdAt, offsets }, version, meta) => {
          const [seen, expires, absolute, auth] = offsets as [number, number, number, number];
          const s: StoredSession = {
            id: 'AAAAbbbbbbbbbbbbbbbbbb',
            userId,
            secretHash,
            createdAt,
            lastSeenAt: createdAt + seen,
            expiresAt: createdAt + expires,
            absoluteExpiresAt: createdAt + absolute,
            authTime: createdAt + auth,
            version,
            data,
            meta: meta ?? {},
          };
          expect(decodeSession(s.id, encodeSession(s))).toEqual(s);
        },
      ),
      RUNS,
    );
  });

  it('writes numbers in base 62 and reads them back, zero as nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), (n) => {
        expect(textNumber(numberText(n))).toBe(n);
      }),
      RUNS,
    );
    expect(numberText(0)).toBe('');
    expect(textNumber('*')).toBeNaN();
  });
});
