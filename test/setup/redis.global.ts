// Starts the shared Redis topologies once per test run, in parallel: a standalone server, a
// Sentinel group (primary, replica, three sentinels) and a three-primary Cluster with replicas.
// Tests that kill, pause or fail over Redis start their own servers instead.
import type { TestProject } from 'vitest/node';
import { RedisFleet, type RedisTopologies } from '../helpers/redis-servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redis: RedisTopologies;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fleet = new RedisFleet();
  try {
    const [standalone, group, cluster] = await Promise.all([
      fleet.server(),
      fleet.sentinelGroup(),
      fleet.cluster(3, 1),
    ]);
    project.provide('redis', {
      standalone: `redis://127.0.0.1:${standalone.port}`,
      sentinel: {
        name: 'mymaster',
        nodes: group.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
      },
      cluster: { nodes: cluster.map((n) => `redis://127.0.0.1:${n.port}`) },
    });
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return () => fleet.stop();
}
