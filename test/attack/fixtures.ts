import { type AttackStoreKind, AttackWorld } from '../helpers/attack-world.js';
import { SERVICE_KEY } from '../helpers/service-process.js';
import type { Fixtures } from './cases/types.js';

/** Starts the service on a store and signs in the cast: alice on two devices, bob on one. */
export async function startFixtures(
  kind: AttackStoreKind,
  redisDb: number,
): Promise<{ world: AttackWorld; f: Fixtures }> {
  const world = await AttackWorld.start(kind, redisDb);
  const alice = await world.login('alice');
  const alice2 = await world.login('alice');
  const bob = await world.login('bob');
  const tokensOf = async (cookie: string) => {
    const res = await world.send({
      method: 'POST',
      path: '/auth/tokens',
      headers: [
        ['Sec-Fetch-Site', 'same-origin'],
        ['Cookie', cookie],
      ],
    });
    if (res.status !== 200) throw new Error(`tokens: ${res.status} ${res.body}`);
    return JSON.parse(res.body) as { accessToken: string; refreshToken: string };
  };
  const jwks = (await (await fetch(`${world.url}/.well-known/jwks.json`)).json()) as {
    keys: Record<string, unknown>[];
  };
  const signingKey = await world.signingKey();
  const port = Number(new URL(world.url).port);
  const f: Fixtures = {
    alice,
    alice2,
    bob,
    aliceTokens: await tokensOf(alice.cookie),
    bobTokens: await tokensOf(bob.cookie),
    origin: `http://localhost:${port}`,
    port,
    sign: (header, payload) => world.sign(header, payload),
    signingKey,
    publicJwk: jwks.keys.find((k) => k.kid === signingKey.kid)!,
    issuer: world.issuer,
    serviceKey: SERVICE_KEY,
  };
  return { world, f };
}

/** What no response may contain: stack frames, file paths, raw error names. */
export const LEAK = /\bat [\w.<>]+ \(|\bat file:|\/(?:src|dist|node_modules)\/|\bError:|\.ts:\d+|\.js:\d+/;
