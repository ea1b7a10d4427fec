import type { RawRequest } from '../../helpers/raw-http.js';
import { type AttackCase, type Fixtures, JSON_TYPE, MADE_UP_SECRET, SAME_ORIGIN } from './types.js';

// Cross-user access in the demo (SM-8, SM-9) and the service API without a valid service key
// (RS-4). The targets are the most destructive calls: ending bob's sessions.
const NOT_FOUND = { status: 404, code: 'ERR_NOT_FOUND' };
const UNAUTHORIZED = { status: 401, code: 'ERR_UNAUTHORIZED' };

const asAlice =
  (method: string, path: (f: Fixtures) => string) =>
  (f: Fixtures): RawRequest => ({
    method,
    path: path(f),
    headers: [SAME_ORIGIN, ['Cookie', f.alice.cookie]],
  });

const CROSS_USER: AttackCase[] = [
  {
    ids: 'SM-8',
    name: "alice revokes bob's session by id",
    request: asAlice('DELETE', (f) => `/auth/sessions/${f.bob.sessionId}`),
    ...NOT_FOUND,
  },
  {
    ids: 'SM-8',
    name: "alice revokes bob's session by its full token",
    request: asAlice('DELETE', (f) => `/auth/sessions/${encodeURIComponent(f.bob.token)}`),
    status: 400,
    code: 'ERR_INPUT_INVALID',
  },
  {
    ids: 'SM-8',
    name: 'alice revokes a made-up id',
    request: asAlice('DELETE', () => `/auth/sessions/${'Z'.repeat(22)}`),
    ...NOT_FOUND,
  },
  {
    ids: 'SM-8',
    name: 'alice revokes an id with braces and globs',
    request: asAlice('DELETE', () => '/auth/sessions/%7D%7Bx*%3F%5B'),
    ...NOT_FOUND,
  },
  {
    ids: 'SM-8',
    name: 'alice revokes a 5,000-character id',
    request: asAlice('DELETE', () => `/auth/sessions/${'a'.repeat(5000)}`),
    status: 400,
    code: 'ERR_INPUT_INVALID',
  },
  {
    ids: 'SM-8',
    name: 'alice revokes an id through path traversal',
    request: asAlice('DELETE', (f) => `/auth/sessions/..%2F..%2Fv1%2Fsessions%2F${f.bob.sessionId}`),
    ...NOT_FOUND,
  },
];

type KeyAttack = [name: string, (f: Fixtures) => { path?: string; headers: [string, string][] }];
const KEY_ATTACKS: KeyAttack[] = [
  ['no key', () => ({ headers: [] })],
  [
    'a wrong key of the right length',
    (f) => ({ headers: [['Authorization', `Bearer ${f.serviceKey.slice(0, -1)}X`]] }),
  ],
  [
    'the key one character short',
    (f) => ({ headers: [['Authorization', `Bearer ${f.serviceKey.slice(0, -1)}`]] }),
  ],
  ['the key with one character more', (f) => ({ headers: [['Authorization', `Bearer ${f.serviceKey}x`]] })],
  ['the key twice', (f) => ({ headers: [['Authorization', `Bearer ${f.serviceKey}${f.serviceKey}`]] })],
  ['a 10 KB key', () => ({ headers: [['Authorization', `Bearer ${'k'.repeat(10_240)}`]] })],
  ['an empty Bearer', () => ({ headers: [['Authorization', 'Bearer ']] })],
  ['the key in ?key=', (f) => ({ path: `?key=${f.serviceKey}`, headers: [] })],
  ['the key in ?access_token=', (f) => ({ path: `?access_token=${f.serviceKey}`, headers: [] })],
  ['the key in ?api_key=', (f) => ({ path: `?api_key=${f.serviceKey}`, headers: [] })],
  ['the key in X-API-Key', (f) => ({ headers: [['X-API-Key', f.serviceKey]] })],
  ['the key without a scheme', (f) => ({ headers: [['Authorization', f.serviceKey]] })],
  [
    'the key as Basic credentials',
    (f) => ({ headers: [['Authorization', `Basic ${Buffer.from(`${f.serviceKey}:`).toString('base64')}`]] }),
  ],
  ['the key in a cookie', (f) => ({ headers: [['Cookie', `key=${f.serviceKey}`]] })],
  ['a demo session cookie', (f) => ({ headers: [['Cookie', f.alice.cookie]] })],
  ['a demo session token as the key', (f) => ({ headers: [['Authorization', `Bearer ${f.alice.token}`]] })],
  [
    'an access token as the key',
    (f) => ({ headers: [['Authorization', `Bearer ${f.aliceTokens.accessToken}`]] }),
  ],
  ['the key with a NUL', (f) => ({ headers: [['Authorization', `Bearer ${f.serviceKey}\u0000`]] })],
];

const V1_TARGETS: [string, (f: Fixtures) => string, string?][] = [
  ['DELETE', () => '/v1/users/bob/sessions'],
  ['DELETE', (f) => `/v1/sessions/${f.bob.sessionId}`],
  ['GET', () => '/v1/users/bob/sessions'],
  ['POST', () => '/v1/sessions/validate', JSON.stringify({ token: 'x' })],
  ['POST', () => '/v1/sessions', JSON.stringify({ userId: 'mallory' })],
  ['POST', () => '/v1/keys/rotate', '{}'],
];

const SERVICE_API: AttackCase[] = V1_TARGETS.flatMap(([method, path, body]) =>
  KEY_ATTACKS.map(
    ([name, attack]): AttackCase => ({
      ids: 'RS-4',
      name: `${method} ${path({ bob: { sessionId: ':id' } } as Fixtures)}, ${name}`,
      request: (f) => {
        const { path: query = '', headers } = attack(f);
        return { method, path: path(f) + query, headers: [...headers, JSON_TYPE], body };
      },
      ...(name.includes('NUL') ? { status: 400, code: null } : UNAUTHORIZED),
    }),
  ),
);

/** A token of bob's id with another secret on the service API's validate: no session. */
const VALIDATE: AttackCase[] = [
  {
    ids: 'SM-2',
    name: "POST /v1/sessions/validate with bob's id and a made-up secret",
    request: (f) => ({
      method: 'POST',
      path: '/v1/sessions/validate',
      headers: [['Authorization', `Bearer ${f.serviceKey}`], JSON_TYPE],
      body: JSON.stringify({ token: `${f.bob.sessionId}.${MADE_UP_SECRET}` }),
    }),
    status: 401,
    code: 'ERR_TOKEN_INVALID',
  },
];

export const accessCases: AttackCase[] = [...CROSS_USER, ...SERVICE_API, ...VALIDATE];
