import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { ManualClock } from '../../src/testing/index.js';
import { createAccessTokenVerifier } from '../../src/tokens/index.js';
import { forge, jwksOf, testKey } from '../helpers/jws.js';
import { AUDIENCE, ISSUER } from '../helpers/tokens.js';

// The access-token verifier under random mutation (TK-6, TK-9): any change to a valid token's
// characters or bytes is refused, and the only thing it ever throws is the generic invalid_token.
const clock = new ManualClock(1_800_000_000_000);
const ed = testKey('EdDSA', 'ed-1');
const ec = testKey('ES256', 'ec-1');
const verifier = createAccessTokenVerifier({
  jwks: jwksOf(ed, ec),
  issuer: ISSUER,
  audience: AUDIENCE,
  clock,
});
const now = Math.floor(clock.now() / 1000);
const claims = {
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'alice',
  sid: 'sess-1',
  iat: now,
  exp: now + 300,
  jti: 'j-1',
};
const honest = [
  forge({ alg: 'EdDSA', kid: 'ed-1', typ: 'at+jwt' }, claims, ed),
  forge({ alg: 'ES256', kid: 'ec-1', typ: 'at+jwt' }, claims, ec),
];
const CHARS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  '.',
  '=',
  '+',
  '/',
  ' ',
  '\u0000',
  'é',
];

async function outcome(token: string): Promise<'accepted' | 'invalid_token' | string> {
  try {
    await verifier.verify(token);
    return 'accepted';
  } catch (error) {
    const generic =
      isSessionError(error, 'ERR_TOKEN_INVALID') && (error as Error).message === 'invalid_token';
    return generic ? 'invalid_token' : `unexpected: ${String(error)}`;
  }
}

const characterEdit = fc.tuple(
  fc.nat(),
  fc.constantFrom('replace', 'insert', 'delete'),
  fc.constantFrom(...CHARS),
);
function applyEdit(text: string, [at, kind, ch]: [number, string, string]): string {
  const i = at % (text.length + (kind === 'insert' ? 1 : 0));
  if (kind === 'delete') return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i) + ch + text.slice(i + (kind === 'replace' ? 1 : 0));
}

/** Flips bits in the decoded bytes of one part and re-encodes it canonically. */
function flipBytes(token: string, part: number, at: number, mask: number): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[at % bytes.length]! ^= mask;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('access-token verifier (property-based)', () => {
  it('control: the honest tokens verify', async () => {
    for (const token of honest) expect(await outcome(token)).toBe('accepted');
  });

  it('refuses any character edit with the generic invalid_token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...honest),
        fc.array(characterEdit, { minLength: 1, maxLength: 4 }),
        async (token, edits) => {
          const changed = edits.reduce(applyEdit, token);
          fc.pre(changed !== token);
          expect(await outcome(changed)).toBe('invalid_token');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses any bit flip in the header, payload or signature bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...honest),
        fc.integer({ min: 0, max: 2 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (token, part, at, mask) => {
          expect(await outcome(flipBytes(token, part, at, mask))).toBe('invalid_token');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers anything at all with invalid_token, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything()), async (input) => {
        expect(await outcome(input as string)).toBe('invalid_token');
      }),
      { numRuns: 300 },
    );
  });
});
