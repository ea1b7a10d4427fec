// `coatcheck serve` on Redis, as `runServe` starts it (production mode, secrets and service key
// from the environment the benchmark generates), on a free loopback port.
import { createServer } from 'node:net';
import { startService } from '../../dist/server/serve.js';
import { redisUrl } from './common.ts';

const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
await startService({
  host: '127.0.0.1',
  port,
  store: redisUrl,
  demo: false,
  dataDir: process.env.BENCH_DATA_DIR ?? '.',
  env: process.env,
  say: () => {},
});
process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);
