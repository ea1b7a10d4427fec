import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCookie, MAX_COOKIE_HEADER_BYTES } from '../../src/cookies/parse.js';

// Properties of the Cookie-header parser (CK-2, CK-3): exact, case-sensitive names; duplicates
// mean no session; split headers read like one; anything at all parses without throwing.
const NAME = '__Host-sid';
const RUNS = { numRuns: 300 };
const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split('');
const VALUE_CHARS = [...TOKEN_CHARS, '/', ':', '<', '=', '>', '?', '@', '[', ']', '{', '}', '(', ')'];

const cookieName = fc
  .string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 16 })
  .filter((n) => n !== NAME);
const cookieValue = fc.string({ unit: fc.constantFrom(...VALUE_CHARS), maxLength: 40 });
const others = fc.uniqueArray(fc.tuple(cookieName, cookieValue), { maxLength: 8, selector: ([n]) => n });
// Same letters in another case: the name a cookie-tossing sibling or a sloppy proxy might send.
const caseVariant = fc
  .array(fc.boolean(), { minLength: NAME.length, maxLength: NAME.length })
  .map((flips) => [...NAME].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''))
  .filter((n) => n !== NAME);

const join = (pairs: [string, string][]) => pairs.map(([n, v]) => `${n}=${v}`).join('; ');

/** Splits the pairs into up to four Cookie headers at random cut points. */
const splitInto = (pairs: [string, string][], cuts: number[]): string[] => {
  const points = [...new Set(cuts.map((c) => c % (pairs.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const p of [...points, pairs.length]) {
    if (p > from) parts.push(join(pairs.slice(from, p)));
    from = Math.max(from, p);
  }
  return parts;
};

describe('findCookie (property-based)', () => {
  it('never throws, and answers one of its four outcomes, for any header', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(fc.string())), (header) => {
        expect(['absent', 'found', 'duplicate', 'too-large']).toContain(findCookie(header, NAME).status);
      }),
      RUNS,
    );
  });

  it('finds the session cookie wherever it sits, in one header or split across several', () => {
    fc.assert(
      fc.property(
        others,
        cookieValue,
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 3 }),
        (rest, value, at, cuts) => {
          const pairs = [...rest];
          pairs.splice(at % (rest.length + 1), 0, [NAME, value]);
          expect(findCookie(join(pairs), NAME)).toEqual({ status: 'found', value });
          expect(findCookie(splitInto(pairs, cuts), NAME)).toEqual({ status: 'found', value });
        },
      ),
      RUNS,
    );
  });

  it('treats two session cookies as no session, whatever their values and headers', () => {
    fc.assert(
      fc.property(
        others,
        cookieValue,
        cookieValue,
        fc.nat(),
        fc.array(fc.nat(), { maxLength: 3 }),
        (rest, a, b, at, cuts) => {
          const pairs: [string, string][] = [[NAME, a], ...rest];
          pairs.splice(1 + (at % (rest.length + 1)), 0, [NAME, b]);
          expect(findCookie(join(pairs), NAME).status).toBe('duplicate');
          expect(findCookie(splitInto(pairs, cuts), NAME).status).toBe('duplicate');
        },
      ),
      RUNS,
    );
  });

  it('never matches the name in another case', () => {
    fc.assert(
      fc.property(others, caseVariant, cookieValue, (rest, name, value) => {
        expect(findCookie(join([...rest, [name, value]]), NAME).status).toBe('absent');
      }),
      RUNS,
    );
  });

  it('refuses to parse more than the header bound, however it is split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2000 }), (parts, extra) => {
        const size = Math.ceil((MAX_COOKIE_HEADER_BYTES + extra) / parts);
        const headers = Array.from({ length: parts }, (_, i) => `c${i}=${'x'.repeat(size)}`);
        expect(findCookie(headers, NAME).status).toBe('too-large');
      }),
      { numRuns: 50 },
    );
  });
});
