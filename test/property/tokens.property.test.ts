import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { SIGNING_ALGORITHMS } from '../../src/keys/signing/keyset.js';
import {
  mintSessionToken,
  parseSessionToken,
  SESSION_TOKEN_LENGTH,
  secretMatches,
} from '../../src/session-id/session-token.js';
import { headerAcceptable } from '../../src/tokens/access/header.js';
import { issuedByUs, issueRefreshToken } from '../../src/tokens/refresh/tag.js';
import { mintFamily, parseRefreshToken, REFRESH_TOKEN_LENGTH } from '../../src/tokens/refresh/token.js';

// Properties of the token parsers (SM-2, RT-1): format and length are checked before anything
// else; a parse is exact (no normalising, no second spelling of one secret); session and refresh
// tokens never parse as each other; any change to a minted secret fails the constant-time check, and
// any change to a minted refresh token fails its issuance tag (RT-3: a forgery is never a reuse).
const RUNS = { numRuns: 300 };
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');
const b64url = (n: number) => fc.string({ unit: fc.constantFrom(...B64URL), minLength: n, maxLength: n });
const anyInput = fc.oneof(fc.anything(), fc.string(), fc.string({ unit: 'binary', maxLength: 100 }));
const sessionShaped = fc.tuple(b64url(22), b64url(43)).map(([id, secret]) => `${id}.${secret}`);
const refreshShaped = fc.tuple(b64url(22), b64url(43), b64url(22)).map(([f, s, t]) => `rt_${f}.${s}.${t}`);
const ALPHABET = [...B64URL, '.', '=', '+', '/', ' ', '\u0000', 'é', '*'];

/** One random edit: replace, insert or delete a character. */
const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.constantFrom(...ALPHABET));
function applyEdit(text: string, [at, kind, ch]: [number, string, string]): string {
  const i = at % (text.length + (kind === 'insert' ? 1 : 0));
  if (kind === 'delete') return text.slice(0, i) + text.slice(i + 1);
  return text.slice(0, i) + ch + text.slice(i + (kind === 'replace' ? 1 : 0));
}

// A canonical base64url string of n characters has zero unused bits in its last character.
const canonical = (s: string): boolean => {
  const rest = (s.length * 6) % 8;
  return (B64URL.indexOf(s.at(-1)!) & ((1 << rest) - 1)) === 0;
};

describe('token parsers (property-based)', () => {
  it('parseSessionToken never throws and accepts only the exact, canonical shape', () => {
    fc.assert(
      fc.property(fc.oneof(anyInput, sessionShaped, refreshShaped), (input) => {
        const parsed = parseSessionToken(input);
        if (parsed === null) return;
        expect(typeof input).toBe('string');
        expect(`${parsed.id}.${parsed.secret}`).toBe(input);
        expect(input).toHaveLength(SESSION_TOKEN_LENGTH);
        expect(canonical(parsed.secret)).toBe(true);
      }),
      RUNS,
    );
  });

  it('parseRefreshToken never throws and accepts only the exact, canonical shape', () => {
    fc.assert(
      fc.property(fc.oneof(anyInput, sessionShaped, refreshShaped), (input) => {
        const parsed = parseRefreshToken(input);
        if (parsed === null) return;
        expect(`rt_${parsed.familyId}.${parsed.secret}.${parsed.tag}`).toBe(input);
        expect(input).toHaveLength(REFRESH_TOKEN_LENGTH);
        expect([parsed.familyId, parsed.secret, parsed.tag].every(canonical)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a session token never parses as a refresh token, nor the reverse, nor either as a JWT', () => {
    fc.assert(
      fc.property(sessionShaped, refreshShaped, (session, refresh) => {
        expect(parseRefreshToken(session)).toBeNull();
        expect(parseSessionToken(refresh)).toBeNull();
        expect(session.split('.')).toHaveLength(2);
        // Three parts like a JWS, but `rt_` + 22 characters is never valid base64url.
        for (const token of [session, refresh])
          expect(headerAcceptable(token, SIGNING_ALGORITHMS)).toBe(false);
      }),
      RUNS,
    );
  });

  it('any edit of a minted token is refused by the parser or by the secret check', async () => {
    const minted = await mintSessionToken('alice');
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const changed = edits.reduce(applyEdit, minted.token);
        fc.pre(changed !== minted.token);
        const parsed = parseSessionToken(changed);
        if (parsed === null || parsed.id !== minted.id) return;
        expect(await secretMatches(parsed.secret, minted.secretHash)).toBe(false);
      }),
      RUNS,
    );
  });

  it('any edit of a minted refresh token is refused by the parser or by the issuance tag', async () => {
    const keyring = Keyring.fromString(Keyring.generateSecret('k1'));
    const { familyId, secret } = mintFamily();
    const minted = await issueRefreshToken((await keyring.current('refresh')).key, familyId, secret);
    expect(await issuedByUs(keyring, parseRefreshToken(minted)!)).toBe(true);
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 3 }), async (edits) => {
        const changed = edits.reduce(applyEdit, minted);
        fc.pre(changed !== minted);
        const parsed = parseRefreshToken(changed);
        if (parsed === null) return;
        expect(await issuedByUs(keyring, parsed)).toBe(false);
      }),
      RUNS,
    );
  });
});
