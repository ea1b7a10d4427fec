import { type AttackCase, type Fixtures, flipLast, MADE_UP_SECRET, SAME_ORIGIN } from './types.js';

// Forged, malformed, oversized, duplicated and misplaced session cookies (CK-2, CK-3, CK-4, SM-2,
// SM-3). Each is sent to GET /me (would it authenticate?) and to POST /auth/logout (would it end
// a session?); logout always answers 204, so for it the refusal is that nothing changed.
const NO_SESSION = { status: 401, code: 'ERR_NO_SESSION' };
const PARSER = { status: 400, code: null };

interface CookieAttack {
  ids: string;
  name: string;
  headers(f: Fixtures): [string, string][];
  refusal?: { status: number; code: string | null };
}

const sid = (value: string): [string, string] => ['Cookie', `__Host-sid=${value}`];

const COOKIE_ATTACKS: CookieAttack[] = [
  { ids: 'SM-2', name: 'NUL in the value', headers: (f) => [sid(`${f.alice.token}\u0000`)], refusal: PARSER },
  {
    ids: 'SM-2',
    name: 'a bare CR in the value',
    headers: (f) => [sid(`${f.alice.token}\rx`)],
    refusal: PARSER,
  },
  {
    ids: 'SM-2',
    name: 'a bare LF in the value',
    headers: (f) => [sid(`${f.alice.token}\nx`)],
    refusal: PARSER,
  },
  { ids: 'SM-2', name: 'non-ASCII after the token', headers: (f) => [sid(`${f.alice.token}é`)] },
  {
    ids: 'SM-2',
    name: 'non-ASCII inside the secret',
    headers: (f) => [sid(`${f.alice.token.slice(0, -1)}€`)],
  },
  { ids: 'SM-2', name: 'glob characters', headers: () => [sid('*?[')] },
  {
    ids: 'SM-2',
    name: 'glob characters in a well-formed shape',
    headers: (f) => [sid(`${f.alice.sessionId.slice(0, -3)}*?[.${MADE_UP_SECRET}`)],
  },
  { ids: 'SM-2', name: 'a 10 KB value', headers: () => [sid('A'.repeat(10_240))] },
  {
    ids: 'CK-3',
    name: 'a Cookie header over 16 KiB',
    headers: (f) => [sid(f.alice.token), ['Cookie', `pad=${'x'.repeat(17_000)}`]],
    refusal: { status: 431, code: null },
  },
  { ids: 'SM-2', name: 'one character short', headers: (f) => [sid(f.alice.token.slice(0, -1))] },
  { ids: 'SM-2', name: 'one character long', headers: (f) => [sid(`${f.alice.token}A`)] },
  {
    ids: 'SM-2',
    name: 'a non-canonical spelling of the real secret',
    headers: (f) => [sid(flipLast(f.alice.token))],
  },
  {
    ids: 'SM-2',
    name: 'the real id with a made-up secret',
    headers: (f) => [sid(`${f.alice.sessionId}.${MADE_UP_SECRET}`)],
  },
  {
    ids: 'SM-2',
    name: "another user's id with a made-up secret",
    headers: (f) => [sid(`${f.bob.sessionId}.${MADE_UP_SECRET}`)],
  },
  {
    ids: 'SM-2',
    name: "alice's id with bob's secret",
    headers: (f) => [sid(`${f.alice.sessionId}.${f.bob.token.split('.')[1]}`)],
  },
  {
    ids: 'SM-3',
    name: 'a well-formed token never issued',
    headers: () => [sid(`${'Z'.repeat(22)}.${MADE_UP_SECRET}`)],
  },
  { ids: 'SM-2', name: 'the id alone', headers: (f) => [sid(f.alice.sessionId)] },
  { ids: 'SM-2', name: 'the secret alone', headers: (f) => [sid(f.alice.token.split('.')[1]!)] },
  {
    ids: 'SM-2',
    name: 'URL-encoded token',
    headers: (f) => [sid(encodeURIComponent(f.alice.token).replace('.', '%2E'))],
  },
  {
    ids: 'CK-2',
    name: 'name in lower case (__host-sid)',
    headers: (f) => [['Cookie', `__host-sid=${f.alice.token}`]],
  },
  {
    ids: 'CK-2',
    name: 'name in upper case (__Host-SID)',
    headers: (f) => [['Cookie', `__Host-SID=${f.alice.token}`]],
  },
  {
    ids: 'CK-2',
    name: 'name without the prefix (sid)',
    headers: (f) => [['Cookie', `sid=${f.alice.token}`]],
  },
  {
    ids: 'CK-2',
    name: 'name with another prefix (__Secure-sid)',
    headers: (f) => [['Cookie', `__Secure-sid=${f.alice.token}`]],
  },
  {
    ids: 'CK-2',
    name: 'two __Host-sid in one header (tossed cookie first)',
    headers: (f) => [['Cookie', `__Host-sid=${f.bob.token}; __Host-sid=${f.alice.token}`]],
  },
  {
    ids: 'CK-2',
    name: 'two identical __Host-sid',
    headers: (f) => [['Cookie', `__Host-sid=${f.alice.token}; __Host-sid=${f.alice.token}`]],
  },
  {
    ids: 'CK-2',
    name: 'two __Host-sid in split Cookie headers',
    headers: (f) => [sid(f.bob.token), sid(f.alice.token)],
  },
  {
    ids: 'CK-2',
    name: 'a forged and a real __Host-sid in split headers',
    headers: (f) => [sid(`${f.alice.sessionId}.${MADE_UP_SECRET}`), sid(f.alice.token)],
  },
  {
    ids: 'CK-4',
    name: 'the token in a Cookie2 header',
    headers: (f) => [['Cookie2', `__Host-sid=${f.alice.token}`]],
  },
  { ids: 'CK-4', name: 'the token in X-Session-Id', headers: (f) => [['X-Session-Id', f.alice.token]] },
  { ids: 'CK-4', name: 'the token in X-Auth-Token', headers: (f) => [['X-Auth-Token', f.alice.token]] },
  { ids: 'CK-4', name: 'the token in X-CSRF-Token', headers: (f) => [['X-CSRF-Token', f.alice.token]] },
];

export const cookieCases: AttackCase[] = [
  ...COOKIE_ATTACKS.flatMap((a): AttackCase[] => [
    {
      ids: a.ids,
      name: `GET /me, ${a.name}`,
      request: (f) => ({ method: 'GET', path: '/me', headers: a.headers(f) }),
      ...(a.refusal ?? NO_SESSION),
    },
    {
      ids: a.ids,
      name: `POST /auth/logout, ${a.name}`,
      request: (f) => ({ method: 'POST', path: '/auth/logout', headers: [SAME_ORIGIN, ...a.headers(f)] }),
      ...(a.refusal ?? { status: 204, code: null }),
    },
  ]),
];
