import type { RawRequest } from '../../helpers/raw-http.js';
import { DEMO_PASSWORD } from '../../helpers/service-process.js';
import { type AttackCase, type Fixtures, JSON_TYPE } from './types.js';

// Cross-site requests riding on alice's cookie (XO-1, XO-2, XO-4), method overrides and state
// changes over GET (XO-3), and login CSRF (XO-5). Every target changes state when the request is
// honest; every variant below must be refused with 403 and change nothing.
// A refusal says what was missing (XO-4: no token, or a wrong one) or that the request is cross-site.
const REFUSED = { status: 403, code: 'ERR_CROSS_ORIGIN' };
const refusedFor = (variant: Variant) =>
  !variant.name.startsWith('neither')
    ? REFUSED
    : { status: 403, code: variant.wrongToken ? 'ERR_CSRF_REJECTED' : 'ERR_CSRF_TOKEN_MISSING' };

interface Target {
  name: string;
  method: string;
  path(f: Fixtures): string;
}

const TARGETS: Target[] = [
  { name: 'logout', method: 'POST', path: () => '/auth/logout' },
  { name: 'revoke-all', method: 'POST', path: () => '/auth/sessions/revoke-all' },
  { name: 'revoke-others', method: 'POST', path: () => '/auth/sessions/revoke-others' },
  { name: 'revoke one device', method: 'DELETE', path: (f) => `/auth/sessions/${f.alice2.sessionId}` },
  { name: 'issue tokens', method: 'POST', path: () => '/auth/tokens' },
];

type Variant = {
  name: string;
  headers(f: Fixtures): [string, string][];
  body?: (f: Fixtures) => string;
  /** A token was presented (and is wrong): ERR_CSRF_REJECTED rather than ERR_CSRF_TOKEN_MISSING. */
  wrongToken?: true;
};
const form: [string, string] = ['Content-Type', 'application/x-www-form-urlencoded'];
const origin =
  (value: (f: Fixtures) => string): Variant['headers'] =>
  (f) => [['Origin', value(f)]];

const VARIANTS: Variant[] = [
  { name: 'Sec-Fetch-Site: cross-site', headers: () => [['Sec-Fetch-Site', 'cross-site']] },
  { name: 'Sec-Fetch-Site: same-site', headers: () => [['Sec-Fetch-Site', 'same-site']] },
  {
    name: 'Sec-Fetch-Site: cross-site with a valid CSRF token',
    headers: (f) => [
      ['Sec-Fetch-Site', 'cross-site'],
      ['X-CSRF-Token', f.alice.csrfToken],
    ],
  },
  {
    name: 'Sec-Fetch-Site: cross-site with the trusted Origin spoofed in Referer',
    headers: (f) => [
      ['Sec-Fetch-Site', 'cross-site'],
      ['Referer', `${f.origin}/`],
    ],
  },
  {
    name: 'Sec-Fetch-Site in another case (Same-Origin)',
    headers: () => [['Sec-Fetch-Site', 'Same-Origin']],
  },
  {
    name: 'two Sec-Fetch-Site headers',
    headers: () => [
      ['Sec-Fetch-Site', 'cross-site'],
      ['Sec-Fetch-Site', 'same-origin'],
    ],
  },
  { name: 'Origin: http://localhost.evil', headers: origin(() => 'http://localhost.evil') },
  {
    name: 'Origin: the trusted origin as a subdomain of evil',
    headers: origin((f) => `http://localhost:${f.port}.evil.example`),
  },
  { name: 'Origin: null', headers: origin(() => 'null') },
  { name: 'Origin: https instead of http', headers: origin((f) => `https://localhost:${f.port}`) },
  { name: 'Origin: another port', headers: origin((f) => `http://localhost:${f.port + 1}`) },
  { name: 'Origin: with a trailing slash', headers: origin((f) => `${f.origin}/`) },
  { name: 'Origin: upper case host', headers: origin((f) => `http://LOCALHOST:${f.port}`) },
  {
    name: 'Origin: trusted plus evil in two headers',
    headers: (f) => [
      ['Origin', f.origin],
      ['Origin', 'http://evil.example'],
    ],
  },
  {
    name: 'X-Forwarded-Host claims the trusted host',
    headers: () => [
      ['Origin', 'http://evil.example'],
      ['X-Forwarded-Host', 'localhost'],
      ['X-Forwarded-Proto', 'http'],
    ],
  },
  { name: 'neither header and no token', headers: () => [] },
  {
    name: "neither header and bob's CSRF token",
    headers: (f) => [['X-CSRF-Token', f.bob.csrfToken]],
    wrongToken: true,
  },
  {
    name: 'neither header and a malformed CSRF token',
    headers: () => [['X-CSRF-Token', 'k1.*?[']],
    wrongToken: true,
  },
  {
    name: 'neither header, text/plain body',
    headers: () => [['Content-Type', 'text/plain']],
    body: () => '{"a":1}',
  },
  {
    name: 'neither header, TEXT/PLAIN; charset=utf-8',
    headers: () => [['Content-Type', 'TEXT/PLAIN; charset=utf-8']],
    body: () => 'x=1',
  },
  { name: 'neither header, a form without _csrf', headers: () => [form], body: () => 'x=1' },
  {
    name: "neither header, a form with bob's _csrf",
    headers: () => [form],
    body: (f) => `_csrf=${f.bob.csrfToken}`,
    wrongToken: true,
  },
  // Only a header or a form field carries the token; the same bytes as text/plain or JSON do not.
  {
    name: 'neither header, the token in a text/plain body',
    headers: () => [['Content-Type', 'text/plain']],
    body: (f) => `_csrf=${f.alice.csrfToken}`,
  },
  {
    name: 'neither header, the token in a JSON body',
    headers: () => [JSON_TYPE],
    body: (f) => JSON.stringify({ _csrf: f.alice.csrfToken, csrfToken: f.alice.csrfToken }),
  },
  {
    name: 'neither header, a multipart body without a boundary',
    headers: () => [['Content-Type', 'multipart/form-data']],
    body: () => '_csrf=x',
  },
  {
    name: 'neither header, a malformed multipart body',
    headers: () => [['Content-Type', 'multipart/form-data; boundary=zz']],
    body: () => 'HS+_G0O',
  },
  {
    name: 'neither header, multipart without _csrf',
    headers: () => [['Content-Type', 'multipart/form-data; boundary=b']],
    body: () => '--b--\r\n',
  },
];

const withCookie =
  (target: Target, variant: Variant) =>
  (f: Fixtures): RawRequest => ({
    method: target.method,
    path: target.path(f),
    headers: [['Cookie', f.alice.cookie], ...variant.headers(f)],
    body: variant.body?.(f),
  });

/** Login CSRF: a cross-site page signing the victim's browser in to the attacker's account. */
const LOGIN: AttackCase[] = VARIANTS.filter((v) => !v.name.startsWith('neither')).map((variant) => ({
  ids: 'XO-5',
  name: `login CSRF, ${variant.name}`,
  request: (f: Fixtures): RawRequest => ({
    method: 'POST',
    path: '/auth/login',
    headers: [form, ...variant.headers(f)],
    body: `username=bob&password=${DEMO_PASSWORD}`,
  }),
  ...REFUSED,
}));

export const csrfCases: AttackCase[] = [
  ...TARGETS.flatMap((target) =>
    VARIANTS.map((variant) => ({
      ids: variant.name.startsWith('neither') ? 'XO-4' : variant.name.startsWith('Origin') ? 'XO-2' : 'XO-1',
      name: `${target.name}, ${variant.name}`,
      request: withCookie(target, variant),
      ...refusedFor(variant),
    })),
  ),
  ...LOGIN,
];
