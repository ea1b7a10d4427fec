// A bounded soak: mixed traffic against `coatcheck serve` on Redis with short lifetimes, for
// SOAK_SECONDS (default 60; SOAK_SECONDS=600 for the ten-minute run), paced at SOAK_RATE journeys
// a second. The service's live heap must stay flat after warm-up, and Redis must hold no more
// sessions than the traffic left alive and, once everything has expired, nothing but the
// service's documents.
import { afterAll, expect, it } from 'vitest';
import { RedisKeys } from '../../src/stores/redis/keys.js';
import { ServiceClient } from '../helpers/demo-client.js';
import { connectInspector, inspectorUrl } from '../helpers/inspector.js';
import { cli, RedisFleet, waitFor } from '../helpers/redis-servers.js';
import { type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';
import { SoakTraffic } from '../helpers/soak-traffic.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const IDLE_S = 4;
const WORKERS = 4;
// Journeys started per second (about 5.6 requests each); SOAK_RATE=0 for as fast as it goes.
const RATE = Number(process.env.SOAK_RATE ?? 30) || Number.POSITIVE_INFINITY;
const ABSOLUTE_S = 12;
// The token service keeps refresh families at least 60 s (the service's floor; see settings.ts).
const FAMILY_S = 60;
const fleet = new RedisFleet();
let service: ServiceProcess | undefined;
afterAll(async () => {
  await service?.stop();
  await fleet.stop();
});

// The store's own key names, so the count follows its layout.
const SERVICE_KEYS = new RedisKeys('cc:');

async function keyCounts(
  port: number,
): Promise<Record<'sessions' | 'families' | 'indexes' | 'activity' | 'other', number>> {
  const counts = { sessions: 0, families: 0, indexes: 0, activity: 0, other: 0 };
  let cursor = '0';
  do {
    const [next, ...keys] = (await cli(port, 'SCAN', cursor, 'MATCH', 'cc:*', 'COUNT', '1000')).filter(
      Boolean,
    );
    cursor = next!;
    for (const k of keys) {
      if (SERVICE_KEYS.idOfSessionKey(k) !== null) counts.sessions++;
      else if (k.startsWith('cc:{f:')) counts.families++;
      else if (/^cc:\{[^}]+\}:u$/.test(k)) counts.indexes++;
      else if (ACTIVITY_KEY.test(k)) counts.activity++;
      else counts.other++;
    }
  } while (cursor !== '0');
  return counts;
}

// A user's activity log outlives their sessions by design (docs/activity.md): a list of at most
// 100 entries under the user's tag, expiring with the log's age bound (90 days by default).
// The traffic's users: soak-0 … soak-39 through the API, alice, bob and carol through the demo.
const USERS = 43;
const ACTIVITY_KEY = /^cc:\{[^}]{4}\}a(soak-\d+|alice|bob|carol)$/;

/** Every activity log left: [entries, ms to live] each. */
async function activityLogs(port: number): Promise<[number, number][]> {
  const out: [number, number][] = [];
  let cursor = '0';
  do {
    const [next, ...keys] = (await cli(port, 'SCAN', cursor, 'MATCH', 'cc:{*}a*', 'COUNT', '1000')).filter(
      Boolean,
    );
    cursor = next!;
    for (const k of keys.filter((key) => ACTIVITY_KEY.test(key))) {
      const [length] = await cli(port, 'LLEN', k);
      const [ttl] = await cli(port, 'PTTL', k);
      out.push([Number(length), Number(ttl)]);
    }
  } while (cursor !== '0');
  return out;
}

async function rssBytes(client: ServiceClient): Promise<number> {
  const text = await (await client.call('/metrics')).text();
  return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1]);
}
const MB = 1024 * 1024;

it(
  `soak: ${SECONDS} s of mixed traffic on Redis — flat memory, no stray keys`,
  async () => {
    const redis = await fleet.server();
    service = await startServiceProcess(
      ['--store', `redis://127.0.0.1:${redis.port}`],
      { COATCHECK_IDLE_TIMEOUT: String(IDLE_S), COATCHECK_ABSOLUTE_TIMEOUT: String(ABSOLUTE_S) },
      ['--inspect=127.0.0.1:0'],
    );
    const probe = await connectInspector(inspectorUrl(service.output()));
    const client = new ServiceClient(service.url);
    const traffic = new SoakTraffic(client, IDLE_S * 1000);
    const started = Date.now();
    const until = started + SECONDS * 1000;
    let next = 0;
    const workers = Array.from({ length: WORKERS }, async () => {
      while (Date.now() < until) {
        // Paced, so the soak leaves the machine's other tests their share of two cores.
        const k = next++;
        const due = started + (k / RATE) * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        try {
          await traffic.journey(k);
        } catch (error) {
          traffic.lost.push(`journey failed: ${(error as Error).message}`);
        }
      }
    });
    const rss: { at: number; mb: number }[] = [];
    const heap: { at: number; mb: number }[] = [];
    const keyChecks: {
      keys: number;
      mustLive: number;
      mayLive: number;
      families: number;
      mayFamilies: number;
    }[] = [];
    for (let tick = 0; Date.now() < until; tick++) {
      await new Promise((r) => setTimeout(r, 2000));
      rss.push({ at: Date.now() - started, mb: (await rssBytes(client)) / MB });
      // Every 10 s, the live heap after a full collection.
      if (tick % 5 === 4) heap.push({ at: Date.now() - started, mb: (await probe.liveHeap()) / MB });
      // Up to one request per worker is in flight while SCAN runs: that many either way.
      const mustLive = traffic.alive(Date.now(), IDLE_S * 1000 - 1500) - WORKERS;
      const { sessions, families } = await keyCounts(redis.port);
      const now = Date.now();
      keyChecks.push({
        keys: sessions,
        mustLive,
        mayLive: traffic.alive(now, IDLE_S * 1000 + 1500) + WORKERS,
        families,
        mayFamilies: traffic.familiesUsedWithin(now, FAMILY_S * 1000 + 1500) + WORKERS,
      });
    }
    await Promise.all(workers);
    const requests = Object.values(traffic.statuses).reduce((a, b) => a + b, 0);

    // Everything the traffic left behind expires: nothing but the service's documents remains.
    let after = await keyCounts(redis.port);
    await waitFor(
      async () => {
        after = await keyCounts(redis.port);
        return after.sessions + after.families + after.indexes === 0;
      },
      'every session, family and index to expire',
      (ABSOLUTE_S + FAMILY_S) * 1000,
    );
    const finalHeap = (await probe.liveHeap()) / MB;
    probe.close();
    // Warm-up is the first third (at least 20 s): caches, JIT, connection pools fill there.
    const warmFrom = Math.max(20_000, (SECONDS * 1000) / 3);
    const warmHeap = heap.find((h) => h.at >= warmFrom)?.mb ?? finalHeap;
    const peakHeap = Math.max(...heap.filter((h) => h.at >= warmFrom).map((h) => h.mb), finalHeap);
    const warmRss = Math.max(
      ...rss.filter((r) => r.at < warmFrom + 10_000 && r.at >= warmFrom).map((r) => r.mb),
    );
    const lateRss = Math.max(...rss.slice(-5).map((r) => r.mb));
    const peakKeys = Math.max(...keyChecks.map((k) => k.keys));
    const peakFamilies = Math.max(...keyChecks.map((k) => k.families));
    console.log(
      `soak ${SECONDS} s: ${traffic.journeys} journeys, ${requests} requests (${Math.round(requests / SECONDS)}/s), ` +
        `statuses ${JSON.stringify(traffic.statuses)}; live heap after GC ${warmHeap.toFixed(1)} MB at warm-up, ` +
        `peak ${peakHeap.toFixed(1)}, end ${finalHeap.toFixed(1)}; RSS ${warmRss.toFixed(0)} → ${lateRss.toFixed(0)} MB; ` +
        `peak keys: ${peakKeys} sessions (of ${traffic.sessions.size} issued), ${peakFamilies} families ` +
        `(of ${traffic.families.size}); after expiry ${JSON.stringify(after)}; ` +
        `expired while the client stalled: ${traffic.lateExpired}, lost: ${traffic.lost.length}`,
    );
    expect(Object.keys(traffic.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
    expect(traffic.lost).toEqual([]);
    for (const k of keyChecks) {
      expect(k.keys).toBeLessThanOrEqual(k.mayLive);
      expect(k.keys).toBeGreaterThanOrEqual(k.mustLive);
      expect(k.families).toBeLessThanOrEqual(k.mayFamilies);
    }
    expect(after.other).toBeLessThanOrEqual(3);
    expect(after.activity).toBeGreaterThan(0);
    expect(after.activity).toBeLessThanOrEqual(USERS);
    for (const [entries, ttl] of await activityLogs(redis.port)) {
      expect(entries).toBeGreaterThan(0);
      expect(entries).toBeLessThanOrEqual(100);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(90 * 86_400_000);
    }
    expect(peakHeap - warmHeap).toBeLessThan(8);
    expect(finalHeap - warmHeap).toBeLessThan(4);
    expect(lateRss - warmRss).toBeLessThan(96);
  },
  (SECONDS + 90) * 1000,
);
