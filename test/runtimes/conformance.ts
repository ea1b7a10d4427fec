// The runtime conformance suite: the session core, access and refresh tokens, the memory, SQLite
// and Redis stores and the Hono adapter, run as a plain script on whichever runtime starts it (Node 22 or 24, Bun, Deno)
// against the built package in dist/. test/runtimes/runtimes.test.ts runs it on each runtime.
//   COATCHECK_RT_REDIS=redis://127.0.0.1:6379 COATCHECK_RT_CLUSTER=redis://…,redis://… \
//   COATCHECK_RT_SENTINEL=127.0.0.1:26379,…/mymaster <runtime> test/runtimes/conformance.ts
// It prints one line per check and exits 1 if any failed.
import { runChecks, runtimeName } from './checks.ts';
import { coreChecks } from './core-checks.ts';
import { honoChecks } from './hono-checks.ts';
import { storeChecks } from './store-checks.ts';
import { tokenChecks } from './token-checks.ts';

const redisUrl = process.env.COATCHECK_RT_REDIS ?? '';
const clusterUrls = (process.env.COATCHECK_RT_CLUSTER ?? '').split(',').filter(Boolean);
// host:port,host:port/<primary name>, as in a redis-sentinel:// store URL.
const [sentinelNodes = '', sentinelName = ''] = (process.env.COATCHECK_RT_SENTINEL ?? '').split('/');
const sentinel = {
  name: sentinelName,
  nodes: sentinelNodes
    .split(',')
    .filter(Boolean)
    .map((hp) => ({ host: hp.split(':')[0] ?? '', port: Number(hp.split(':')[1]) })),
};
if (!redisUrl || clusterUrls.length === 0 || !sentinel.name || sentinel.nodes.length === 0) {
  console.log('not ok setup: COATCHECK_RT_REDIS, _CLUSTER and _SENTINEL must name the test Redis servers');
  process.exit(1);
}

console.log(`runtime ${runtimeName()}`);
const failed = await runChecks([
  ...coreChecks,
  ...tokenChecks,
  ...storeChecks({ redisUrl, clusterUrls, sentinel }),
  ...honoChecks({ redisUrl }),
]);
console.log(failed === 0 ? 'all checks passed' : `${failed} check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
