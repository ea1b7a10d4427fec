import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttackWorld } from '../helpers/attack-world.js';
import { accessCases } from './cases/access-cases.js';
import { cookieCases } from './cases/cookie-cases.js';
import { csrfCases } from './cases/csrf-cases.js';
import { methodCases } from './cases/method-cases.js';
import { misplacedCases } from './cases/misplaced-cases.js';
import { refreshCases } from './cases/refresh-cases.js';
import { honestClaims, honestHeader, tokenCases } from './cases/token-cases.js';
import type { AttackCase, Fixtures } from './cases/types.js';
import { LEAK, startFixtures } from './fixtures.js';

// The attack suite against a running `coatcheck serve --demo` over real HTTP: one table of
// attacks, one loop. Every case must be refused with the expected status and error code, and
// must change nothing: the store's whole content is compared before and after, and every victim
// device is asked over HTTP whether it is still signed in.
const TABLES: [string, AttackCase[]][] = [
  ['cookies and misplaced session tokens', [...cookieCases, ...misplacedCases]],
  ['cross-origin requests, method overrides and login CSRF', [...csrfCases, ...methodCases]],
  ['access-token forgeries and refresh-token misuse', [...tokenCases, ...refreshCases]],
  ['cross-user access and the service API without a key', accessCases],
];

for (const [kind, redisDb] of [
  ['sqlite', 0],
  ['redis', 11],
] as const) {
  describe(`attacks on coatcheck serve --demo (${kind})`, () => {
    let world: AttackWorld;
    let f: Fixtures;
    beforeAll(async () => {
      ({ world, f } = await startFixtures(kind, redisDb));
    });
    afterAll(() => world?.stop());

    it('control: the same requests made honestly are accepted', async () => {
      // The snapshot sees what the service wrote: sessions and refresh families.
      const snapshot = await world.snapshot();
      for (const id of [f.alice.sessionId, f.bob.sessionId, f.aliceTokens.refreshToken.slice(3, 25)])
        expect(snapshot).toContain(id);
      const me = (headers: [string, string][]) => world.send({ method: 'GET', path: '/me', headers });
      const forged = await f.sign(honestHeader(f), honestClaims(f));
      const viaForged = await me([['Authorization', `Bearer ${forged}`]]);
      expect(viaForged.status, viaForged.body).toBe(200);
      expect(JSON.parse(viaForged.body)).toMatchObject({ sessionId: f.alice.sessionId, via: 'bearer' });
      expect((await me([['Authorization', `Bearer ${f.aliceTokens.accessToken}`]])).status).toBe(200);
      expect((await me([['Cookie', `a=1; __Host-sid=${f.alice.token}`]])).status).toBe(200);
      const devices = await world.send({
        method: 'GET',
        path: '/auth/sessions',
        headers: [['Cookie', f.alice.cookie]],
      });
      expect(JSON.parse(devices.body).sessions).toHaveLength(2);
      const v1 = await world.send({
        method: 'GET',
        path: '/v1/users/bob/sessions',
        headers: [['Authorization', `Bearer ${f.serviceKey}`]],
      });
      expect(JSON.parse(v1.body).sessions).toHaveLength(1);
      // A state change with the CSRF token and neither Fetch Metadata nor Origin: allowed.
      const issued = await world.send({
        method: 'POST',
        path: '/auth/tokens',
        headers: [
          ['Cookie', f.alice.cookie],
          ['X-CSRF-Token', f.alice.csrfToken],
        ],
      });
      expect(issued.status, issued.body).toBe(200);
    });

    for (const [title, cases] of TABLES) {
      it(`refuses ${cases.length} attacks: ${title}`, async () => {
        for (const c of cases) {
          const label = `[${c.ids}] ${c.name}`;
          const before = await world.snapshot();
          const res = await world.send(await c.request(f));
          expect.soft(res.status, `${label}: ${res.body.slice(0, 200)}`).toBe(c.status);
          expect.soft(res.errorCode, label).toBe(c.code);
          expect.soft(res.body, label).not.toMatch(LEAK);
          expect.soft(await world.snapshot(), `${label}: the store changed`).toBe(before);
          for (const device of [f.alice, f.alice2, f.bob]) {
            expect
              .soft(await world.whoIs(device), `${label}: ${device.userId} lost a session`)
              .toBe(device.sessionId);
          }
        }
      });
    }
  });
}
