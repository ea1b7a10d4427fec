import {
  type AttackCase,
  type Fixtures,
  JSON_TYPE,
  MADE_UP_SECRET,
  MADE_UP_TAG,
  SAME_ORIGIN,
} from './types.js';

// Refresh-token misuse on `POST /auth/refresh` (RT-1): none may rotate a family or revoke anyone.
// The family id is a public handle (events, logs): a token naming alice's real family with a
// secret the server never issued is a forgery, not a reuse, and must sign nobody out (RT-3).
const INVALID = { status: 401, code: 'ERR_TOKEN_INVALID' };
const familyOf = (refreshToken: string): string => refreshToken.slice(3, 25);
const TAG_AT = 3 + 22 + 1 + 43 + 1;
/** Changes the tag's first character (its last one carries unused bits, so it would fail the format). */
const changeTag = (t: string): string =>
  t.slice(0, TAG_AT) + (t[TAG_AT] === 'A' ? 'B' : 'A') + t.slice(TAG_AT + 1);

const refresh =
  (value: (f: Fixtures) => unknown): AttackCase['request'] =>
  (f) => ({
    method: 'POST',
    path: '/auth/refresh',
    headers: [SAME_ORIGIN, JSON_TYPE],
    body: JSON.stringify({ refreshToken: value(f) }),
  });

/** Refresh-token misuse that must not rotate anything nor revoke anyone. */
export const refreshCases: AttackCase[] = [
  {
    ids: 'RT-1',
    name: 'an access token used as a refresh token',
    request: refresh((f) => f.aliceTokens.accessToken),
    ...INVALID,
  },
  {
    ids: 'RT-1',
    name: 'a session token used as a refresh token',
    request: refresh((f) => f.alice.token),
    ...INVALID,
  },
  {
    ids: 'RT-1',
    name: 'a refresh token without its rt_ prefix',
    request: refresh((f) => f.aliceTokens.refreshToken.slice(3)),
    ...INVALID,
  },
  {
    ids: 'RT-1',
    name: 'a refresh token one character short',
    request: refresh((f) => f.aliceTokens.refreshToken.slice(0, -1)),
    ...INVALID,
  },
  {
    ids: 'RT-1',
    name: 'a refresh token with glob characters',
    request: refresh(() => `rt_${'*?['.repeat(7)}A.${'Q'.repeat(43)}.${MADE_UP_TAG}`),
    ...INVALID,
  },
  {
    ids: 'RT-1',
    name: 'an unknown family',
    request: refresh(() => `rt_${'Z'.repeat(22)}.${MADE_UP_SECRET}.${MADE_UP_TAG}`),
    ...INVALID,
  },
  {
    ids: 'RT-1, RT-3',
    name: "alice's real family with a made-up secret and tag",
    request: refresh((f) => `rt_${familyOf(f.aliceTokens.refreshToken)}.${MADE_UP_SECRET}.${MADE_UP_TAG}`),
    ...INVALID,
  },
  {
    ids: 'RT-1, RT-3',
    name: "alice's real family with a made-up secret and no tag",
    request: refresh((f) => `rt_${familyOf(f.aliceTokens.refreshToken)}.${MADE_UP_SECRET}`),
    ...INVALID,
  },
  {
    ids: 'RT-1, RT-3',
    name: "alice's real family with bob's genuine secret and tag",
    request: refresh(
      (f) => `rt_${familyOf(f.aliceTokens.refreshToken)}${f.bobTokens.refreshToken.slice(25)}`,
    ),
    ...INVALID,
  },
  {
    ids: 'RT-1, RT-3',
    name: "alice's refresh token with its tag changed",
    request: refresh((f) => changeTag(f.aliceTokens.refreshToken)),
    ...INVALID,
  },
  {
    ids: 'RT-1',
    name: 'a 10 KB refresh token',
    request: refresh(() => `rt_${'A'.repeat(10_240)}`),
    status: 400,
    code: 'ERR_INPUT_INVALID',
  },
  {
    ids: 'RT-1',
    name: 'the refresh token as a number',
    request: refresh(() => 42),
    status: 400,
    code: 'ERR_INPUT_INVALID',
  },
  {
    ids: 'RT-1',
    name: 'the refresh token in the query string',
    request: (f) => ({
      method: 'POST',
      path: `/auth/refresh?refreshToken=${f.aliceTokens.refreshToken}`,
      headers: [SAME_ORIGIN, JSON_TYPE],
      body: '{}',
    }),
    status: 400,
    code: 'ERR_INPUT_INVALID',
  },
  {
    ids: 'RT-1',
    name: 'the refresh token in a header',
    request: (f) => ({
      method: 'POST',
      path: '/auth/refresh',
      headers: [SAME_ORIGIN, JSON_TYPE, ['Authorization', `Bearer ${f.aliceTokens.refreshToken}`]],
      body: '{}',
    }),
    status: 400,
    code: 'ERR_INPUT_INVALID',
  },
];
