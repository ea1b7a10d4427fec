import { type AttackCase, type Fixtures, SAME_ORIGIN } from './types.js';

// Method overrides are never applied, and no state changes on GET (XO-3): each of these would
// end alice's second device or issue tokens if the route or the override were honoured.
const form: [string, string] = ['Content-Type', 'application/x-www-form-urlencoded'];
const NOT_FOUND = { status: 404, code: 'ERR_NOT_FOUND' };
const sameOrigin = (f: Fixtures): [string, string][] => [SAME_ORIGIN, ['Cookie', f.alice.cookie]];

export const methodCases: AttackCase[] = [
  {
    ids: 'XO-3',
    name: 'POST with X-HTTP-Method-Override: DELETE',
    request: (f) => ({
      method: 'POST',
      path: `/auth/sessions/${f.alice2.sessionId}`,
      headers: [...sameOrigin(f), ['X-HTTP-Method-Override', 'DELETE']],
    }),
    ...NOT_FOUND,
  },
  {
    ids: 'XO-3',
    name: 'POST with X-Method-Override: DELETE',
    request: (f) => ({
      method: 'POST',
      path: `/auth/sessions/${f.alice2.sessionId}`,
      headers: [...sameOrigin(f), ['X-Method-Override', 'DELETE']],
    }),
    ...NOT_FOUND,
  },
  {
    ids: 'XO-3',
    name: 'POST with a _method=DELETE form field',
    request: (f) => ({
      method: 'POST',
      path: `/auth/sessions/${f.alice2.sessionId}`,
      headers: [...sameOrigin(f), form],
      body: `_method=DELETE&_csrf=${f.alice.csrfToken}`,
    }),
    ...NOT_FOUND,
  },
  {
    ids: 'XO-3',
    name: 'POST ?_method=DELETE',
    request: (f) => ({
      method: 'POST',
      path: `/auth/sessions/${f.alice2.sessionId}?_method=DELETE`,
      headers: sameOrigin(f),
    }),
    ...NOT_FOUND,
  },
  {
    ids: 'XO-3',
    name: 'GET with X-HTTP-Method-Override: POST on logout',
    request: (f) => ({
      method: 'GET',
      path: '/auth/logout',
      headers: [...sameOrigin(f), ['X-HTTP-Method-Override', 'POST']],
    }),
    ...NOT_FOUND,
  },
  ...[
    '/auth/logout',
    '/auth/sessions/revoke-all',
    '/auth/sessions/revoke-others',
    '/auth/tokens',
    '/auth/refresh',
  ].map(
    (path): AttackCase => ({
      ids: 'XO-3',
      name: `GET ${path}`,
      request: (f) => ({ method: 'GET', path, headers: sameOrigin(f) }),
      ...NOT_FOUND,
    }),
  ),
  {
    ids: 'XO-3',
    name: 'GET a device URL',
    request: (f) => ({ method: 'GET', path: `/auth/sessions/${f.alice2.sessionId}`, headers: sameOrigin(f) }),
    ...NOT_FOUND,
  },
];
