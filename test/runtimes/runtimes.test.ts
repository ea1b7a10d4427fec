// The library on the runtimes people deploy it on: test/runtimes/conformance.ts (the session core
// with sealed data, access and refresh tokens, the memory, SQLite and Redis stores, the Hono adapter over HTTP) run as a plain
// script on Node 22 LTS, Bun and Deno from scripts/runtimes/ (installed by scripts/ensure-deps.sh),
// and on this Node 24. A missing runtime fails the run; nothing is skipped.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const BIN = 'scripts/runtimes/node_modules/.bin';
const SUITE = 'test/runtimes/conformance.ts';
const CHECKS = 15;

const RUNTIMES: { name: string; command: string[]; version: RegExp }[] = [
  { name: 'Node 24', command: [process.execPath], version: /^runtime node 24\./m },
  { name: 'Node 22 LTS', command: [`${BIN}/node`], version: /^runtime node 22\./m },
  { name: 'Bun', command: [`${BIN}/bun`], version: /^runtime bun 1\./m },
  // Deno resolves `hono`, `redis` and `jose` from node_modules, never from a registry of its own.
  {
    name: 'Deno',
    command: [`${BIN}/deno`, 'run', '-A', '--node-modules-dir=manual'],
    version: /^runtime deno 2\./m,
  },
];

describe.concurrent('runtime conformance', () => {
  for (const runtime of RUNTIMES) {
    it(`passes on ${runtime.name}`, async () => {
      const [bin, ...args] = runtime.command as [string, ...string[]];
      if (!existsSync(bin))
        throw new Error(`${runtime.name} is missing at ${bin}: run scripts/ensure-deps.sh runtimes`);
      if (!existsSync('dist/index.js')) throw new Error('dist/ is missing: run `npm run build` first');
      const redis = inject('redis');
      const env = {
        PATH: process.env.PATH,
        NO_COLOR: '1',
        COATCHECK_RT_REDIS: redis.standalone,
        COATCHECK_RT_CLUSTER: redis.cluster.nodes.join(','),
        COATCHECK_RT_SENTINEL: `${redis.sentinel.nodes.map((n) => `${n.host}:${n.port}`).join(',')}/${redis.sentinel.name}`,
      };
      const result = await run(bin, [...args, SUITE], { env, timeout: 90_000 }).catch(
        (error: { stdout?: string; stderr?: string; code?: unknown }) => ({
          stdout: `${error.stdout ?? ''}\nexit ${String(error.code)}: ${error.stderr ?? ''}`,
        }),
      );
      expect(result.stdout).toMatch(runtime.version);
      expect(result.stdout).not.toMatch(/^not ok/m);
      expect(result.stdout.match(/^ok /gm)).toHaveLength(CHECKS);
      expect(result.stdout).toMatch(/^all checks passed$/m);
    }, 120_000);
  }
});
