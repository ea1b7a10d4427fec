import { type AttackCase, JSON_TYPE, SAME_ORIGIN } from './types.js';

// The session token where coatcheck never reads it (CK-4): URL, body, Authorization.
const NO_SESSION = { status: 401, code: 'ERR_NO_SESSION' };

/** The session token in the URL or the body: never read (CK-4). */
export const misplacedCases: AttackCase[] = [
  ...['__Host-sid', 'sid', 'token', 'session'].map(
    (name): AttackCase => ({
      ids: 'CK-4',
      name: `GET /me?${name}=<token>`,
      request: (f) => ({ method: 'GET', path: `/me?${name}=${f.alice.token}` }),
      ...NO_SESSION,
    }),
  ),
  {
    ids: 'CK-4',
    name: 'the session token as a Bearer token on /me',
    request: (f) => ({ method: 'GET', path: '/me', headers: [['Authorization', `Bearer ${f.alice.token}`]] }),
    status: 401,
    code: 'ERR_TOKEN_INVALID',
  },
  {
    ids: 'CK-4',
    name: 'revoke-others with the token in a JSON body',
    request: (f) => ({
      method: 'POST',
      path: '/auth/sessions/revoke-others',
      headers: [SAME_ORIGIN, JSON_TYPE],
      body: JSON.stringify({ token: f.alice.token, '__Host-sid': f.alice.token }),
    }),
    ...NO_SESSION,
  },
  {
    ids: 'CK-4',
    name: 'revoke-all with the token in a form body and the query',
    request: (f) => ({
      method: 'POST',
      path: `/auth/sessions/revoke-all?__Host-sid=${f.alice.token}`,
      headers: [SAME_ORIGIN, ['Content-Type', 'application/x-www-form-urlencoded']],
      body: `__Host-sid=${encodeURIComponent(f.alice.token)}&_csrf=${f.alice.csrfToken}`,
    }),
    ...NO_SESSION,
  },
];
