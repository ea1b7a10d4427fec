// coatcheck on plain node:http through the shared request flow (coatcheck/http): the floor under
// every adapter. The store is chosen by STORE (memory or sqlite) until the Redis store lands.
import { createServer } from 'node:http';
import { createSessionGuard } from '../../dist/http/index.js';
import { createSessionManager, Keyring } from '../../dist/index.js';
import { MemoryStore } from '../../dist/stores/memory/index.js';
import { RedisStore } from '../../dist/stores/redis/index.js';
import { SqliteStore } from '../../dist/stores/sqlite/index.js';
import { announce, payload, port, prefix, redisUrl } from './common.ts';

const store =
  process.env.STORE === 'redis'
    ? await RedisStore.connect({ connection: { url: redisUrl }, prefix })
    : process.env.STORE === 'sqlite'
      ? new SqliteStore({ path: process.env.SQLITE_PATH ?? ':memory:' })
      : new MemoryStore({ allowInProduction: true });
const sessions = createSessionManager({
  store,
  secrets: Keyring.generateSecret('k1'),
});
const guard = createSessionGuard(sessions);

const server = createServer(async (req, res) => {
  const result = await guard({
    method: req.method ?? 'GET',
    cookie: req.headers.cookie,
    secFetchSite: req.headers['sec-fetch-site'] as string | undefined,
    origin: req.headers.origin,
  });
  if (!result.ok) return void res.writeHead(result.status).end();
  if (req.url === '/login') {
    const issued = await sessions.login({ userId: payload.userId, data: payload }, result.token);
    res.setHeader('set-cookie', issued.cookie.header);
    res.setHeader('cache-control', 'no-store');
    return void res.end('ok');
  }
  if (req.url === '/logout') {
    const out = await sessions.logout(result.token);
    res.setHeader('set-cookie', out.cookie.header);
    return void res.end('ok');
  }
  if (!result.session) return void res.writeHead(401).end();
  if (req.url === '/write') {
    const data = await sessions.updateData<typeof payload>(result.session.id, (d) => ({ ...d, n: d.n + 1 }));
    return void res.end(String(data.n));
  }
  res.end(result.session.userId);
});
server.listen(port, '127.0.0.1', () => announce(server));
