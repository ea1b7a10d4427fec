import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttackWorld } from '../helpers/attack-world.js';
import type { RawRequest, RawResponse } from '../helpers/raw-http.js';
import type { Fixtures } from './cases/types.js';
import { LEAK, startFixtures } from './fixtures.js';
import { allRoutes, type Route } from './routes.js';

// A bounded fuzz run over every endpoint of the running service and demo: random and malformed
// methods, paths, parameters, headers and bodies. No answer may be a 5xx or carry a stack trace,
// a file path or an error name, and the service must still be healthy afterwards.
// COATCHECK_FUZZ_RUNS raises the count for a longer run by hand.
const RUNS = Number(process.env.COATCHECK_FUZZ_RUNS ?? 1500);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'BREW'];
const WEIRD = [
  '%',
  '%ZZ',
  '%00',
  '%2F..%2F',
  '..',
  '{}',
  '}{',
  '*?[',
  '%7D%7B',
  '%E0%A4%A',
  'a'.repeat(3000),
];

function requests(routes: Route[], f: Fixtures): fc.Arbitrary<{ route: Route; request: RawRequest }> {
  const param = fc.oneof(
    { arbitrary: fc.constantFrom(f.alice.sessionId, f.bob.sessionId, 'alice', 'bob', ...WEIRD), weight: 3 },
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
  );
  const query = fc.option(
    fc
      .array(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 })), { maxLength: 3 })
      .map(
        (pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
      ),
    { nil: '' },
  );
  const header = fc.oneof(
    fc.constantFrom<[string, string]>(
      ['Cookie', f.alice.cookie],
      ['Cookie', `${f.alice.cookie}; ${f.bob.cookie}`],
      ['Authorization', `Bearer ${f.serviceKey}`],
      ['Authorization', `Bearer ${f.aliceTokens.accessToken}`],
      ['Sec-Fetch-Site', 'same-origin'],
      ['Sec-Fetch-Site', 'cross-site'],
      ['Origin', f.origin],
      ['Origin', 'null'],
      ['X-CSRF-Token', f.alice.csrfToken],
      ['Content-Type', 'application/json'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['Content-Type', 'multipart/form-data'],
      ['Content-Type', 'multipart/form-data; boundary=zz'],
      ['Content-Type', 'text/plain; charset=utf-16'],
      ['Content-Encoding', 'gzip'],
      ['Expect', '100-continue'],
      ['Accept', 'text/html'],
      ['Range', 'bytes=0-1'],
      ['X-HTTP-Method-Override', 'DELETE'],
    ),
    fc.tuple(
      fc.constantFrom('Cookie', 'Authorization', 'Content-Type', 'Origin', 'X-Fuzz'),
      fc.string({ maxLength: 60 }),
    ),
  );
  const body = fc.option(
    fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .record({ token: fc.string(), refreshToken: fc.string(), userId: fc.string(), data: fc.jsonValue() })
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(
        '{',
        '[]',
        'null',
        '{"data":'.repeat(500),
        '_csrf=x&username=alice&password=',
        '--zz\r\n\r\n--zz--',
      ),
      fc.constant('x'.repeat(70_000)),
    ),
    { nil: undefined },
  );
  return fc
    .record({
      route: fc.constantFrom(...routes),
      method: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, fc.constantFrom(...METHODS)),
      params: fc.array(param, { minLength: 4, maxLength: 4 }),
      suffix: fc.constantFrom('', '', '', '/', '//', '/%2F', '.json'),
      query,
      headers: fc.array(header, { maxLength: 6 }),
      credentials: fc.boolean(),
      body,
    })
    .map(({ route, method, params, suffix, query, headers, credentials, body }) => {
      let i = 0;
      const path = route.path.replace(/\{\w+\}/g, () => params[i++ % params.length]!) + suffix + query;
      // Half the requests carry the right credentials, so the fuzz reaches the handlers and does
      // not only bounce off authentication and the cross-origin check.
      const honest: [string, string][] = route.path.startsWith('/v1/')
        ? [['Authorization', `Bearer ${f.serviceKey}`]]
        : [
            ['Cookie', f.alice.cookie],
            ['Sec-Fetch-Site', 'same-origin'],
          ];
      const all = credentials ? [...honest, ...headers] : headers;
      return { route, request: { method: method ?? route.method, path, headers: all, body } };
    });
}

const SESSION_COOKIE =
  /^__Host-sid=[A-Za-z0-9_.-]*; Path=\/; Max-Age=\d+;.*Secure; HttpOnly; SameSite=(Lax|Strict)$/;

function checkAnswer(res: RawResponse, label: string): void {
  expect(res.status, label).toBeLessThan(500);
  expect(res.body, label).not.toMatch(LEAK);
  // CORS is never granted (XO-5), and every session cookie keeps its attributes (CK-1).
  expect(res.header('access-control-allow-origin'), label).toBeUndefined();
  expect(res.header('access-control-allow-credentials'), label).toBeUndefined();
  const cookies = res.headers.filter(([n]) => n === 'set-cookie').map(([, v]) => v);
  for (const cookie of cookies) expect(cookie, label).toMatch(SESSION_COOKIE);
  if (cookies.length) expect(res.header('cache-control'), label).toBe('no-store');
}

for (const [kind, redisDb] of [
  ['sqlite', 0],
  ['redis', 13],
  ['redis-cluster', 0],
] as const) {
  describe(`fuzzing every endpoint of coatcheck serve --demo (${kind})`, () => {
    let world: AttackWorld;
    let f: Fixtures;
    let routes: Route[];
    beforeAll(async () => {
      ({ world, f } = await startFixtures(kind, redisDb));
      routes = await allRoutes(world.url);
    });
    afterAll(() => world?.stop());

    it('derives the route list from the OpenAPI document and the app', () => {
      const names = routes.map((r) => `${r.method} ${r.path}`);
      for (const expected of [
        'POST /v1/sessions',
        'DELETE /v1/users/{userId}/sessions',
        'POST /auth/login',
        'GET /me',
      ])
        expect(names).toContain(expected);
      expect(names).toContain('GET /healthz');
    });

    it(
      `answers ${RUNS} random requests without a 5xx or a leak, and stays healthy`,
      async () => {
        const hits = new Set<string>();
        await fc.assert(
          fc.asyncProperty(requests(routes, f), async ({ route, request }) => {
            hits.add(`${route.method} ${route.path}`);
            const res = await world.send(request);
            const label = `${request.method} ${request.path.slice(0, 80)} → ${res.status} ${res.body.slice(0, 120)}`;
            checkAnswer(res, label);
          }),
          { numRuns: RUNS, endOnFailure: true },
        );
        expect(hits.size, 'every route was fuzzed').toBe(routes.length);
        expect((await world.send({ method: 'GET', path: '/healthz' })).status).toBe(200);
        expect(world.output()).not.toMatch(LEAK);
      },
      60_000 + RUNS * 20,
    );
  });
}
