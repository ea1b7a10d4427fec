// Three `coatcheck serve` instances on one Redis behind HAProxy (Debian's package, the
// repository's deploy/haproxy/haproxy.cfg) terminating TLS with a certificate made by openssl.
// Under steady load through the proxy: a rolling restart fails no request; a key rotation and a
// withdrawal made on one instance reach every instance within the key cache TTL; an instance
// killed with SIGKILL loses only the requests it had in flight, and no session. Sessions record the
// client's address from HAProxy's X-Forwarded-For (COATCHECK_TRUSTED_PROXIES), and a client
// talking to an instance directly cannot forge it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cookieFrom, requestFrom } from '../helpers/forwarding-proxy.js';
import { figuresBetween } from '../helpers/http-load.js';
import { httpsJsonClient } from '../helpers/https-json.js';
import {
  callInstance,
  instanceAccepts,
  kidOf,
  msUntilEach,
  publishedKids,
} from '../helpers/instance-probes.js';
import { recordSecret } from '../helpers/log-capture.js';
import { cpuMs } from '../helpers/process-cpu.js';
import { FLEET_NAMES, type ProxiedFleet, startProxiedFleet } from '../helpers/proxied-fleet.js';
import { DEMO_PASSWORD } from '../helpers/service-process.js';

const KEY_CACHE_TTL_S = 2;
// Longer than HAProxy needs to mark a draining instance down ((fall 2 + 1) × the 200 ms check
// interval), with room for a loaded machine.
const DRAIN_DELAY_MS = 2000;
// Paced (each client pauses between requests) so the suite leaves the test files running beside
// it their share of the machine: a few hundred requests a second, not as many as it can.
const WORKERS = 6;
// Loopback addresses the test's clients connect from; HAProxy reaches the instances from 127.0.0.1.
const CLIENT = '127.0.0.5';
const DIRECT = '127.0.0.6';
const SPOOFED = '203.0.113.9';

function storeUrl(topology: 'standalone' | 'cluster'): string {
  const redis = inject('redis');
  const prefix = `mi${process.pid}x${Date.now().toString(36)}:`;
  if (topology === 'standalone') return `${redis.standalone}?prefix=${prefix}`;
  return `redis-cluster://${redis.cluster.nodes.map((n) => new URL(n).host).join(',')}?prefix=${prefix}`;
}

describe.each(['standalone', 'cluster'] as const)(
  'three instances behind HAProxy with TLS (Redis %s)',
  (topology) => {
    let w: ProxiedFleet;
    const direct = (i: number): string => w.fleet.direct(i);
    const all = [0, 1, 2];
    const report = (what: string, figures: object): void =>
      console.info(`[multi-instance ${topology}] ${what}:`, JSON.stringify(figures));

    beforeAll(async () => {
      w = await startProxiedFleet({
        store: storeUrl(topology),
        env: {
          COATCHECK_KEY_CACHE_TTL: String(KEY_CACHE_TTL_S),
          COATCHECK_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
          COATCHECK_TRUSTED_PROXIES: '127.0.0.1',
        },
        checkIntervalMs: 200,
        workers: WORKERS,
        pauseMs: 15,
      });
    });
    afterAll(() => w?.stop());

    it('serves through TLS at the proxy, from all three instances, sessions shared', async () => {
      const token = await w.createSession('first-user');
      for (const i of all) {
        const res = await callInstance(direct(i), 'POST', '/v1/sessions/validate', { token });
        expect(res.status, `instance ${i + 1}`).toBe(200);
      }
      const ready = await w.client.call('GET', '/readyz');
      expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
      const states = Object.values(await w.proxy.states()).map((state) => state.split(' ')[0]);
      expect(states).toEqual(['UP', 'UP', 'UP']);
    });

    it('spreads steady load over all three instances (CPU per request, for sizing)', async () => {
      for (let i = 0; i < 20; i++) await w.createSession(`sizing-${i}`);
      const pids = [...w.fleet.instances.map((p) => p.pid), w.proxy.pid];
      const load = w.steadyLoad('sizing');
      await load.waitFor('ok', 200);
      const [before, counted, started] = [pids.map(cpuMs), load.samples.length, Date.now()];
      await load.waitFor('ok', 1500);
      const [after, requests, ms] = [pids.map(cpuMs), load.samples.length - counted, Date.now() - started];
      const samples = await load.stop();
      expect(samples.filter((s) => s.verdict !== 'ok')).toEqual([]);
      const used = after.map((a, i) => a - before[i]!);
      const byInstances = used[0]! + used[1]! + used[2]!;
      report('CPU per request', {
        requests,
        ms,
        instancesUs: Math.round((byInstances * 1000) / requests),
        haproxyUs: Math.round((used[3]! * 1000) / requests),
        shares: used.slice(0, 3).map((u) => Math.round((100 * u) / byInstances)),
      });
      // Round robin: each instance did about a third of the work.
      for (const u of used.slice(0, 3)) expect(u / byInstances).toBeGreaterThan(0.2);
    }, 30_000);

    it('rolls a restart of all three instances under load with no failed request', async () => {
      for (let i = 0; i < 20; i++) await w.createSession(`before-roll-${i}`);
      const load = w.steadyLoad('roll');
      await load.waitFor('ok', 200);
      const from = Date.now();
      for (const i of all) {
        const sigterm = Date.now();
        // HAProxy must see the instance leave (its /readyz answers 503) before the instance exits.
        const markedDown = w.proxy.waitForState(FLEET_NAMES[i]!, 'DOWN').then(() => Date.now());
        const restarting = w.fleet.restart(i);
        expect((await markedDown) - sigterm).toBeLessThan(DRAIN_DELAY_MS);
        expect(await restarting).toBe(0);
        await w.proxy.waitForState(FLEET_NAMES[i]!, 'UP');
      }
      const to = Date.now();
      await load.waitFor('ok', 200);
      const samples = await load.stop();
      const roll = figuresBetween(samples, from, to);
      report('rolling restart', { ...roll, ms: to - from });
      expect(roll.requests).toBeGreaterThan(100);
      expect(roll.statuses).toEqual({});
      expect(roll.failed).toBe(0);
      expect(samples.filter((s) => s.verdict !== 'ok')).toEqual([]);
      expect(await w.lostSessions()).toEqual([]);
    }, 120_000);

    /** An access token for a new session, issued by instance `i` directly. */
    async function accessTokenFrom(i: number): Promise<string> {
      const token = await w.createSession(`tokens-${i}-${Date.now()}`);
      const res = await callInstance(direct(i), 'POST', '/v1/tokens', { token });
      expect(res.status).toBe(200);
      const { accessToken, refreshToken } = (await res.json()) as Record<string, string>;
      recordSecret(accessToken, refreshToken);
      return accessToken!;
    }

    it('honours a key rotation and a key withdrawal made on one instance on every instance within the key cache TTL', async () => {
      const ttlMs = KEY_CACHE_TTL_S * 1000;
      const bases = all.map(direct);
      const old = await accessTokenFrom(0);
      const oldKid = kidOf(old);
      for (const base of bases) expect(await instanceAccepts(base, old), base).toBe(true);

      // Rotation on instance 1: the next key is published by every instance.
      const rotatedAt = Date.now();
      const rotated = await callInstance(bases[0]!, 'POST', '/v1/keys/rotate');
      expect(rotated.status).toBe(200);
      const { kid: nextKid } = (await rotated.json()) as { kid: string };
      expect(nextKid).not.toBe(oldKid);
      const rotationSeen = await msUntilEach(bases, rotatedAt, ttlMs + 5000, async (base) =>
        (await publishedKids(base)).includes(nextKid),
      );

      // Withdrawal on instance 2 of the key that signs: every instance refuses its tokens and signs
      // with the new key, whose tokens verify everywhere.
      const withdrawnAt = Date.now();
      const withdrawn = await callInstance(bases[1]!, 'POST', `/v1/keys/${oldKid}/revoke`);
      expect(withdrawn.status).toBe(200);
      const { signing } = (await withdrawn.json()) as { signing: string };
      expect(signing).not.toBe(oldKid);
      const withdrawalSeen = await msUntilEach(
        bases,
        withdrawnAt,
        ttlMs + 5000,
        async (base) => !(await instanceAccepts(base, old)) && !(await publishedKids(base)).includes(oldKid),
      );
      report(`key changes seen by every instance (ms, key cache TTL ${ttlMs})`, {
        rotation: rotationSeen,
        withdrawal: withdrawalSeen,
      });
      // Seen within the TTL; the margin is for the poll (25 ms), one store read and a busy machine
      // (the full run shares it with every other test file).
      for (const ms of [...rotationSeen, ...withdrawalSeen]) expect(ms).toBeLessThanOrEqual(ttlMs + 1000);

      const fresh = await Promise.all(all.map(accessTokenFrom));
      for (const token of fresh) {
        expect(kidOf(token)).toBe(signing);
        for (const base of bases) expect(await instanceAccepts(base, token), base).toBe(true);
      }
      // And the withdrawn key stays refused everywhere, through the proxy too.
      for (const base of bases) expect(await instanceAccepts(base, old), base).toBe(false);
      for (let n = 0; n < 6; n++) {
        const res = await w.client.call('GET', '/me', undefined, { authorization: `Bearer ${old}` });
        expect(res.status).toBe(401);
      }
    }, 60_000);

    it('records the client address through the proxy, and a client talking to an instance cannot forge it', async () => {
      const browser = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
      const forged = { 'x-forwarded-for': SPOOFED };
      const ipsOf = (body: unknown): string[] =>
        (body as { sessions: { ip?: string }[] }).sessions.map((s) => s.ip ?? '');
      // Through HAProxy from CLIENT, with a forged header that HAProxy drops.
      const viaProxy = httpsJsonClient(w.proxy.url, w.caFile, 1, CLIENT);
      try {
        const login = await viaProxy.call(
          'POST',
          '/auth/login',
          { username: 'alice', password: DEMO_PASSWORD },
          { ...browser, ...forged },
        );
        expect(login.status).toBe(200);
        const cookie = cookieFrom(login.headers);
        for (let n = 0; n < 3; n++) {
          const listed = await viaProxy.call('GET', '/auth/sessions', undefined, { cookie, ...forged });
          expect(listed.status).toBe(200);
          expect(ipsOf(listed.body)).toEqual([CLIENT]);
        }
      } finally {
        viaProxy.close();
      }
      // Straight to each instance from DIRECT with the forged header: the socket's address counts.
      for (const i of all) {
        const login = await requestFrom(DIRECT, `${direct(i)}/auth/login`, {
          method: 'POST',
          headers: { ...browser, ...forged },
          body: JSON.stringify({ username: 'bob', password: DEMO_PASSWORD }),
        });
        expect(login.status, `instance ${i + 1}`).toBe(200);
        const listed = await requestFrom(DIRECT, `${direct(i)}/auth/sessions`, {
          headers: { cookie: cookieFrom(login.headers), ...forged },
        });
        expect(listed.status).toBe(200);
        expect(ipsOf(JSON.parse(listed.body))).toEqual(Array(i + 1).fill(DIRECT));
      }
    });

    it('loses only the requests in flight on an instance killed with SIGKILL, and no session', async () => {
      const load = w.steadyLoad('kill');
      await load.waitFor('ok', 200);
      const victim = 2;
      const killedAt = Date.now();
      process.kill(w.fleet.instances[victim]!.pid, 'SIGKILL');
      // Gone when its exit is seen: the kernel has closed its sockets by then.
      const goneAt = await w.fleet.instances[victim]!.exited.then(() => Date.now());
      await w.proxy.waitForState(FLEET_NAMES[victim]!, 'DOWN');
      const downAt = Date.now();
      await load.waitFor('ok', 300);
      const samples = await load.stop();
      const failed = samples.filter((s) => s.verdict !== 'ok');
      report('SIGKILL', {
        ...figuresBetween(samples, killedAt, downAt),
        msUntilGone: goneAt - killedAt,
        msUntilMarkedDown: downAt - killedAt,
        failedStartedAfterKillMs: failed.map((s) => Math.round(s.at - s.ms - killedAt)),
      });
      // Each worker has one request at a time: at most one each was in flight on the dying instance
      // (HAProxy closes the client's connection for a request the instance took down with it),
      // and none that started after it died may fail (HAProxy sends those elsewhere).
      expect(failed.length).toBeLessThanOrEqual(WORKERS);
      for (const s of failed) expect(s.at - s.ms).toBeLessThanOrEqual(goneAt);
      expect(await w.lostSessions()).toEqual([]);
      await w.fleet.start(victim);
      await w.proxy.waitForState(FLEET_NAMES[victim]!, 'UP');
    }, 60_000);
  },
);
