// RS-1 / RS-2 through the running service: `coatcheck serve` on Redis under authenticated load
// while Redis is killed and restarted (AOF), paused, failed over by Sentinel, or loses a Cluster
// primary. Requests fail closed (503, never a 200 for anyone else or for no one), every request and
// /healthz answer is bounded in time, and afterwards every session and refresh family is there.
// Each case runs on Redis servers of its own; the shared ones are never disturbed.
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceClient } from '../helpers/demo-client.js';
import { type OutageFigures, outage, populate, STORE_TIMEOUT_MS } from '../helpers/outage.js';
import { cli, field, RedisFleet, type RedisProcess, waitFor } from '../helpers/redis-servers.js';
import { type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

// One store call per request here; the margin covers a loaded two-core machine.
const REQUEST_BOUND_MS = STORE_TIMEOUT_MS + 2000;
const fleets: RedisFleet[] = [];
const services: ServiceProcess[] = [];
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await Promise.all(fleets.map((f) => f.stop()));
});
async function serveOn(store: string): Promise<ServiceProcess> {
  const service = await startServiceProcess(['--store', store], {
    COATCHECK_STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS),
  });
  services.push(service);
  return service;
}
function newFleet(): RedisFleet {
  const fleet = new RedisFleet();
  fleets.push(fleet);
  return fleet;
}
function check(
  name: string,
  f: OutageFigures & { samples: { verdict: string }[]; health: { status: number }[] },
) {
  const { counts, p100, healthP100, recoveryMs, closedWindowMs, lost } = f;
  console.log(
    `${name}: ${JSON.stringify({ counts, p100: Math.round(p100), healthP100: Math.round(healthP100), recoveryMs, closedWindowMs, lost })}`,
  );
  expect(f.samples.filter((s) => s.verdict === 'wrong')).toEqual([]);
  expect(f.samples.filter((s) => s.verdict === 'closed').length).toBeGreaterThan(0);
  expect(f.health.some((h) => h.status === 503)).toBe(true);
  expect(new Set(f.health.map((h) => h.status))).toEqual(
    new Set(f.health.some((h) => h.status === 200) ? [200, 503] : [503]),
  );
  expect(p100).toBeLessThan(REQUEST_BOUND_MS);
  expect(healthP100).toBeLessThan(REQUEST_BOUND_MS);
  expect(lost).toBe(0);
}
const wait = (port: number): Promise<string[]> => cli(port, 'WAIT', '1', '2000');

describe('coatcheck serve while Redis fails', () => {
  it('standalone with AOF: killed and restarted, then paused and resumed — nothing lost', async () => {
    const fleet = newFleet();
    const aof = ['--appendonly', 'yes', '--appendfsync', 'always'];
    let server = await fleet.server(aof);
    const service = await serveOn(`redis://127.0.0.1:${server.port}`);
    const population = await populate(new ServiceClient(service.url));
    const killed = await outage(
      service,
      population,
      async () => void server.process.kill('SIGKILL'),
      async () => {
        server = await fleet.server(aof, server.port);
      },
    );
    check('standalone killed', killed);
    const paused = await outage(
      service,
      population,
      async () => void server.process.kill('SIGSTOP'),
      async () => void server.process.kill('SIGCONT'),
    );
    check('standalone paused', paused);
  }, 120_000);

  it('Sentinel: the primary is killed and a replica promoted — nothing acknowledged is lost', async () => {
    const fleet = newFleet();
    const group = await fleet.sentinelGroup('outage');
    const nodes = group.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
    const service = await serveOn(`redis-sentinel://${nodes}/outage`);
    const population = await populate(new ServiceClient(service.url));
    await wait(group.primary.port);
    const figures = await outage(
      service,
      population,
      async () => void group.primary.process.kill('SIGKILL'),
      () =>
        waitFor(
          async () =>
            field(await cli(group.sentinels[0]!.port, 'SENTINEL', 'master', 'outage'), 'port') ===
            String(group.replica.port),
          'promotion',
          30_000,
        ),
    );
    check('sentinel failover', figures);
  }, 120_000);

  it('Cluster: a primary is killed and its replica takes over — nothing acknowledged is lost', async () => {
    const fleet = newFleet();
    const nodes = await fleet.cluster(3, 1);
    const service = await serveOn(`redis-cluster://${nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`);
    const population = await populate(new ServiceClient(service.url));
    const primaries: RedisProcess[] = [];
    for (const n of nodes) {
      if ((await cli(n.port, 'ROLE'))[0] === 'master') primaries.push(n);
      // A replica that never finished its first sync (diskless, 5 s delay) could not take over.
      else
        await waitFor(
          async () =>
            (await cli(n.port, 'INFO', 'replication')).some((l) => l.startsWith('master_link_status:up')),
          'replica sync',
          30_000,
        );
    }
    for (const p of primaries) await wait(p.port);
    // The primary that holds alice's sessions, so the traffic surely touches the lost slots.
    const slot = (
      await cli(nodes[0]!.port, 'CLUSTER', 'KEYSLOT', `cc:{${population.logins[0]!.sessionId.slice(0, 4)}}:u`)
    )[0]!;
    const owner = await ownerOf(primaries, Number(slot));
    const masterPort = async (n: RedisProcess): Promise<string | undefined> =>
      (await cli(n.port, 'INFO', 'replication')).find((l) => l.startsWith('master_port:'))?.trim();
    let replica: RedisProcess | undefined;
    for (const n of nodes) if ((await masterPort(n)) === `master_port:${owner.port}`) replica = n;
    const figures = await outage(
      service,
      population,
      async () => void owner.process.kill('SIGKILL'),
      () =>
        waitFor(async () => (await cli(replica!.port, 'ROLE'))[0] === 'master', 'replica promoted', 30_000),
    );
    check('cluster primary down', figures);
  }, 120_000);
});

async function ownerOf(primaries: RedisProcess[], slot: number): Promise<RedisProcess> {
  for (const p of primaries) {
    if ((await cli(p.port, 'CLUSTER', 'COUNTKEYSINSLOT', String(slot)))[0] !== '0') return p;
  }
  throw new Error(`no primary holds slot ${slot}`);
}
