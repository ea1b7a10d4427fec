// What a benchmark needs to call `coatcheck serve`: the generated secrets and service key, and
// live credentials (a session token, refresh tokens, a user with devices) made through its API.
import { randomBytes } from 'node:crypto';
import { Keyring } from '../../dist/index.js';

// Generated per run: the service runs in production mode, which refuses missing or weak secrets.
export const serviceKey = `ck_${randomBytes(32).toString('base64url')}`;
export const serviceEnv = {
  COATCHECK_SECRETS: Keyring.generateSecret('k1'),
  COATCHECK_SERVICE_KEYS: serviceKey,
};
/**
 * The Node flags `coatcheck serve` restarts itself with (docs/deployment.md, "Node flags for the
 * service"). The benchmark starts the service in-process, not through the command, so it passes
 * them; the service group runs every contender, the bare Fastify route included, with them, so the
 * routes compare under the same runtime settings.
 */
export { SERVICE_NODE_FLAGS } from '../../dist/cli/service-node-flags.js';
export const serviceHeaders = { 'content-type': 'application/json', authorization: `Bearer ${serviceKey}` };

async function call<T>(port: number, path: string, body: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: serviceHeaders,
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} failed on port ${port}: ${res.status}`);
  return (await res.json()) as T;
}

/** Creates a session through the service API; returns its token. */
export async function serviceSession(port: number, userId = 'alice'): Promise<string> {
  const data = { role: 'member', theme: 'dark', locale: 'en-GB', n: 0 };
  return (await call<{ token: string }>(port, '/v1/sessions', { userId, data })).token;
}

/** `count` refresh tokens, each of its own session (one per connection: rotations never collide). */
export async function refreshTokens(port: number, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const token = await serviceSession(port, `refresher-${i}`);
    out.push((await call<{ refreshToken: string }>(port, '/v1/tokens', { token })).refreshToken);
  }
  return out;
}
