import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttackWorld, Device } from '../helpers/attack-world.js';
import type { RawResponse } from '../helpers/raw-http.js';
import { DEMO_PASSWORD } from '../helpers/service-process.js';
import { MADE_UP_SECRET } from './cases/types.js';
import { startFixtures } from './fixtures.js';

// Attacks that are sequences rather than single requests, over real HTTP: session fixation,
// cross-user listing, revocation reaching access tokens, refresh-token reuse and races.
const SAME: [string, string] = ['Sec-Fetch-Site', 'same-origin'];
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

for (const [kind, redisDb] of [
  ['sqlite', 0],
  ['redis', 12],
] as const) {
  describe(`attack sequences on coatcheck serve --demo (${kind})`, () => {
    let world: AttackWorld;
    beforeAll(async () => {
      ({ world } = await startFixtures(kind, redisDb));
    });
    afterAll(() => world?.stop());

    const loginWith = (userId: string, cookie: string) =>
      world.send({
        method: 'POST',
        path: '/auth/login',
        headers: [SAME, JSON_TYPE, ['Cookie', cookie]],
        body: JSON.stringify({ username: userId, password: DEMO_PASSWORD }),
      });
    const newCookie = (res: RawResponse) => res.headers.find(([n]) => n === 'set-cookie')![1].split(';')[0]!;
    const tokens = async (device: Device) => {
      const res = await world.send({
        method: 'POST',
        path: '/auth/tokens',
        headers: [SAME, ['Cookie', device.cookie]],
      });
      return JSON.parse(res.body) as { accessToken: string; refreshToken: string };
    };
    const refresh = (refreshToken: string) =>
      world.send({
        method: 'POST',
        path: '/auth/refresh',
        headers: [SAME, JSON_TYPE],
        body: JSON.stringify({ refreshToken }),
      });
    const bearer = (accessToken: string) =>
      world.send({ method: 'GET', path: '/me', headers: [['Authorization', `Bearer ${accessToken}`]] });

    it('session fixation: a token the server never issued is never adopted', async () => {
      const planted = `__Host-sid=${'P'.repeat(22)}.${MADE_UP_SECRET}`;
      const res = await loginWith('alice', planted);
      expect(res.status).toBe(200);
      const issued = newCookie(res);
      expect(issued).not.toBe(planted);
      expect(issued.slice(11, 33)).not.toBe('P'.repeat(22));
      expect(await world.snapshot()).not.toContain('P'.repeat(22));
      expect((await world.send({ method: 'GET', path: '/me', headers: [['Cookie', planted]] })).status).toBe(
        401,
      );
    });

    it('the token carried into a login is dead after it, and a forged one ends nobody', async () => {
      const before = await world.login('alice');
      const res = await loginWith('alice', before.cookie);
      expect(res.status).toBe(200);
      expect(await world.whoIs(before)).toBeNull();
      expect(await world.whoIs({ ...before, cookie: newCookie(res) })).not.toBeNull();
      // Bob's public session id with a made-up secret, carried into alice's login: bob stays in.
      const bob = await world.login('bob');
      expect((await loginWith('alice', `__Host-sid=${bob.sessionId}.${MADE_UP_SECRET}`)).status).toBe(200);
      expect(await world.whoIs(bob)).toBe(bob.sessionId);
    });

    it("alice's device list never shows bob's sessions", async () => {
      const alice = await world.login('alice');
      const bob = await world.login('bob');
      const res = await world.send({
        method: 'GET',
        path: '/auth/sessions',
        headers: [['Cookie', alice.cookie]],
      });
      const ids = (JSON.parse(res.body) as { sessions: { id: string }[] }).sessions.map((s) => s.id);
      expect(ids).toContain(alice.sessionId);
      expect(ids).not.toContain(bob.sessionId);
      const snapshot = JSON.parse(await world.snapshot()) as { stable: { id: string; userId: string }[] };
      const alices = snapshot.stable.filter((s) => s.userId === 'alice').map((s) => s.id);
      expect(ids.sort()).toEqual(alices.sort());
    });

    it('logout ends the access tokens of the session too (sid checked on every request)', async () => {
      const carol = await world.login('carol');
      const { accessToken } = await tokens(carol);
      expect((await bearer(accessToken)).status).toBe(200);
      expect(
        (
          await world.send({
            method: 'POST',
            path: '/auth/logout',
            headers: [SAME, ['Cookie', carol.cookie]],
          })
        ).status,
      ).toBe(204);
      const after = await bearer(accessToken);
      expect([after.status, after.errorCode]).toEqual([401, 'ERR_TOKEN_INVALID']);
    });

    it('reuse of an older refresh generation revokes the family, the session and its access tokens', async () => {
      const carol = await world.login('carol');
      const r0 = (await tokens(carol)).refreshToken;
      const r1 = JSON.parse((await refresh(r0)).body).refreshToken as string;
      const r2 = JSON.parse((await refresh(r1)).body) as { refreshToken: string; accessToken: string };
      const reuse = await refresh(r0);
      expect([reuse.status, reuse.errorCode]).toEqual([401, 'ERR_TOKEN_REUSED']);
      expect(await world.whoIs(carol)).toBeNull();
      expect((await refresh(r2.refreshToken)).status).toBe(401);
      expect((await bearer(r2.accessToken)).status).toBe(401);
      expect(await world.snapshot()).not.toContain(r0.slice(3, 25));
    });

    it('a forged refresh token naming a real family is invalid and signs no one out', async () => {
      const carol = await world.login('carol');
      const r0 = (await tokens(carol)).refreshToken;
      // The family id is a public handle (refresh events and logs carry it); the secret is not.
      const family = r0.slice(3, 25);
      const random = (bytes: number) => randomBytes(bytes).toString('base64url');
      const before = await world.snapshot();
      expect(before).toContain(family);
      for (const forged of [`rt_${family}.${random(32)}.${random(16)}`, `rt_${family}.${random(32)}`]) {
        const res = await refresh(forged);
        expect([res.status, res.errorCode], forged).toEqual([401, 'ERR_TOKEN_INVALID']);
      }
      expect(await world.snapshot()).toBe(before);
      expect(await world.whoIs(carol)).toBe(carol.sessionId);
      const next = await refresh(r0);
      expect(next.status, next.body).toBe(200);
      const { accessToken, refreshToken } = JSON.parse(next.body) as {
        accessToken: string;
        refreshToken: string;
      };
      expect((await bearer(accessToken)).status).toBe(200);
      expect((await refresh(refreshToken)).status).toBe(200);
    });

    it('the immediate predecessor inside the grace window gets the same successor', async () => {
      const carol = await world.login('carol');
      const r0 = (await tokens(carol)).refreshToken;
      const first = JSON.parse((await refresh(r0)).body).refreshToken as string;
      const retry = await refresh(r0);
      expect(retry.status).toBe(200);
      expect(JSON.parse(retry.body).refreshToken).toBe(first);
      expect(await world.whoIs(carol)).toBe(carol.sessionId);
    });

    it('parallel refreshes of one token: one successor, no revocation', async () => {
      const carol = await world.login('carol');
      const r0 = (await tokens(carol)).refreshToken;
      const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(r0)));
      const ok = answers.filter((a) => a.status === 200);
      for (const a of answers) expect([200, 409], a.body).toContain(a.status);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      const successors = new Set(ok.map((a) => JSON.parse(a.body).refreshToken as string));
      expect(successors.size).toBe(1);
      expect(await world.whoIs(carol)).toBe(carol.sessionId);
      expect((await refresh([...successors][0]!)).status).toBe(200);
    });
  });
}
