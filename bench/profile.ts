// Where a contender's time goes: runs one benchmark server under `--cpu-prof`, loads it with wrk
// for a few seconds on one signed-in session, and prints the functions with the most self time
// and the inclusive time of the hot path's landmarks, per request.
//   node bench/profile.ts coatcheck-fastify.ts [/read] [seconds]
//   node bench/profile.ts coatcheck-service.ts /v1/sessions/validate   (the service: POST, key, token)
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from './http/measure.ts';
import { startRedis, startServer, stopAll } from './http/processes.ts';
import { serviceEnv, serviceHeaders, serviceSession } from './http/service.ts';
import { load } from './http/wrk.ts';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

const [server = 'coatcheck-fastify.ts', path = '/read', secondsArg = '8'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-prof-'));
const redis = await startRedis();
let requests = 0;
try {
  const script = new URL(`servers/${server}`, import.meta.url).pathname;
  // The profile is written on a normal exit, so SIGINT must exit rather than kill.
  const exitOnSigint = 'data:text/javascript,process.once(%27SIGINT%27,()=>process.exit(0))';
  const service = path.startsWith('/v1/');
  const env = {
    REDIS_URL: redis.url,
    NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --import=${exitOnSigint}`,
    ...(service ? serviceEnv : {}),
  };
  const { port, pid } = await startServer(script, env);
  const url = `http://127.0.0.1:${port}${path}`;
  const seconds = Number(secondsArg);
  const result = service
    ? await load({
        url,
        method: 'POST',
        headers: serviceHeaders,
        body: JSON.stringify({ token: await serviceSession(port) }),
        seconds,
        connections: 50,
      })
    : await load({
        url,
        method: 'GET',
        headers: { cookie: await signIn(port), 'sec-fetch-site': 'same-origin' },
        seconds,
        connections: 50,
      });
  requests = result.requests;
  console.log(`${server} ${path}: ${Math.round(result.rps)} req/s under the profiler`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && !readdirSync(dir).length; i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
} finally {
  stopAll();
}

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written (the server must exit on SIGINT)');
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
};
const usPerSample = (profile.endTime - profile.startTime) / profile.samples.length;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const label = (n: Node): string =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const total = new Map<string, number>();
function walk(n: Node, onStack: Set<string>): number {
  let sum = n.hitCount;
  const name = label(n);
  const fresh = !onStack.has(name);
  if (fresh) onStack.add(name);
  for (const c of n.children ?? []) sum += walk(byId.get(c)!, onStack);
  if (fresh) onStack.delete(name);
  self.set(name, (self.get(name) ?? 0) + n.hitCount);
  if (fresh) total.set(name, (total.get(name) ?? 0) + sum);
  return sum;
}
walk(profile.nodes[0]!, new Set());
const perRequest = (hits: number): string => ((hits * usPerSample) / Math.max(1, requests)).toFixed(2);
console.log('\nself time, µs per request:');
for (const [name, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`  ${perRequest(hits).padStart(6)}  ${name}`);
console.log('\ninclusive time of coatcheck and session functions, µs per request:');
for (const [name, hits] of [...total]
  .filter(([n]) => /dist\/|session|cookie|redis|guard|validate|crypto|cipher/i.test(n))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 40))
  console.log(`  ${perRequest(hits).padStart(6)}  ${name}`);
