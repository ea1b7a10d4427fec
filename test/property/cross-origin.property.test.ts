import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestFacts } from '../../src/adapters/web/request.js';
import { createCrossOriginCheck } from '../../src/csrf/cross-origin.js';
import { createSessionGuard } from '../../src/http/guard.js';
import { setup } from '../helpers/manager.js';

// Properties of the cross-origin decision (XO-1, XO-2, XO-4): Fetch Metadata first, exact Origin
// match, a token when neither header is there and a cookie is; never Content-Type.
const RUNS = { numRuns: 300 };
const TRUSTED = ['https://app.example', 'http://localhost:3000'];
const check = createCrossOriginCheck({ trustedOrigins: TRUSTED });
const SAFE = ['GET', 'HEAD', 'OPTIONS'];

const unsafeMethod = fc
  .oneof(
    fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', 'get', 'post', 'Options'),
    fc.string({ minLength: 1, maxLength: 10 }),
  )
  .filter((m) => !SAFE.includes(m));
const anyMethod = fc.oneof(unsafeMethod, fc.constantFrom(...SAFE));
// Origins near the trusted ones (case, scheme, port, suffix, path) and arbitrary strings.
const nearOrigin = fc.oneof(
  fc.constantFrom(...TRUSTED),
  fc
    .tuple(fc.constantFrom(...TRUSTED), fc.constantFrom('.evil', '/', ':443', ':3001', 'x', ' '))
    .map(([o, s]) => o + s),
  fc.constantFrom(...TRUSTED).map((o) => o.toUpperCase()),
  fc.constantFrom(...TRUSTED).map((o) => o.replace('http', 'https').replace('httpss', 'http')),
  fc.constantFrom('null', '', 'file://', 'https://evil.example'),
  fc.webUrl().map((u) => new URL(u).origin),
  fc.string({ maxLength: 30 }),
);
const origin = fc.option(nearOrigin, { nil: null });
const fetchSite = fc.option(
  fc.oneof(
    fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none', 'Cross-Site', ''),
    fc.string({ maxLength: 12 }),
  ),
  { nil: null },
);
const request = fc.record({
  method: anyMethod,
  secFetchSite: fetchSite,
  origin,
  hasSessionCookie: fc.boolean(),
});

describe('cross-origin decision (property-based)', () => {
  it('unsafe methods from cross-site or same-site are refused unless the Origin is trusted', () => {
    fc.assert(
      fc.property(
        unsafeMethod,
        fc.constantFrom('cross-site', 'same-site'),
        origin,
        fc.boolean(),
        (method, site, o, cookie) => {
          const verdict = check({ method, secFetchSite: site, origin: o, hasSessionCookie: cookie });
          expect(verdict.action).toBe(o !== null && TRUSTED.includes(o) ? 'allow' : 'reject');
        },
      ),
      RUNS,
    );
  });

  it('without Fetch Metadata, an Origin is allowed only on an exact match', () => {
    fc.assert(
      fc.property(unsafeMethod, nearOrigin, fc.boolean(), (method, o, cookie) => {
        const verdict = check({ method, secFetchSite: null, origin: o, hasSessionCookie: cookie });
        expect(verdict.action).toBe(TRUSTED.includes(o) ? 'allow' : 'reject');
      }),
      RUNS,
    );
  });

  it('safe methods are always allowed; nothing unsafe with a cookie passes on silence alone', () => {
    fc.assert(
      fc.property(request, (r) => {
        const verdict = check(r);
        if (SAFE.includes(r.method)) expect(verdict.action).toBe('allow');
        else if (r.secFetchSite === null && r.origin === null)
          expect(verdict.action).toBe(r.hasSessionCookie ? 'require-token' : 'allow');
        else if (!['same-origin', 'none'].includes(r.secFetchSite ?? '') && verdict.action === 'allow')
          expect(TRUSTED).toContain(r.origin);
      }),
      RUNS,
    );
  });

  it('the guard gives the same answer whatever the Content-Type', async () => {
    const { manager } = setup();
    const { token } = await manager.create({ userId: 'alice' });
    const guard = createSessionGuard(manager, { trustedOrigins: TRUSTED });
    const contentType = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'TEXT/PLAIN; charset=utf-8',
        'application/json',
        'multipart/form-data; boundary=x',
      ),
      fc.constantFrom('application/x-www-form-urlencoded', 'application/csp-report', ''),
      fc.string({ maxLength: 30 }),
    );
    type Shape = { cookie: boolean; site: string | null; origin: string | null };
    const outcome = async (r: Shape, type: string | null) => {
      const headers = new Headers();
      if (r.cookie) headers.set('cookie', `__Host-sid=${token}`);
      if (r.site !== null) headers.set('sec-fetch-site', r.site);
      if (r.origin !== null) headers.set('origin', r.origin);
      if (type !== null) headers.set('content-type', type);
      const req = new Request('http://localhost:3000/x', { method: 'POST', headers, body: 'a=1' });
      const result = await guard(requestFacts(req, {}, async () => ({ a: '1' })));
      return result.ok ? 'ok' : result.status;
    };
    const requestShape = fc.record({
      cookie: fc.boolean(),
      site: fc.option(fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none'), { nil: null }),
      origin: fc.option(fc.constantFrom(...TRUSTED, 'https://evil.example', 'null'), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(requestShape, contentType, async (r, type) => {
        const safe = (s: string | null) => (s === null ? s : s.replace(/[^\t\x20-\x7e]/g, ''));
        expect(await outcome(r, safe(type))).toBe(await outcome(r, null));
      }),
      { numRuns: 200 },
    );
  });
});
