// Access-token sign and verify throughput: coatcheck against plain jose, in one process, with
// interleaved rounds so that drift hits both sides alike. Reports medians and ratios.
// Run with `npm run bench` (builds first); the code under test is the built package in dist/.
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type * as Core from '../src/index.js';
import type * as Memory from '../src/stores/memory/index.js';
import type * as Tokens from '../src/tokens/index.js';

const dist = (path: string): string => new URL(`../dist/${path}`, import.meta.url).href;
const core = (await import(dist('index.js'))) as typeof Core;
const memory = (await import(dist('stores/memory/index.js'))) as typeof Memory;
const tokensModule = (await import(dist('tokens/index.js'))) as typeof Tokens;

// Quick mode keeps the whole `npm run bench` under five minutes; BENCH_MODE=full runs 21 rounds.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (process.env.BENCH_MODE === 'full' ? 21 : 9));
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 150);
const ISSUER = 'https://auth.example.test';
const AUDIENCE = 'https://api.example.test';
type Alg = 'EdDSA' | 'ES256' | 'PS256';

async function opsPerSecond(fn: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + ROUND_MS;
  let ops = 0;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 16; i++) await fn();
    ops += 16;
  }
  return ops / ((performance.now() - start) / 1000);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function setup(alg: Alg) {
  const sessions = core.createSessionManager({
    store: new memory.MemoryStore(),
    secrets: core.Keyring.generateSecret('k1'),
  });
  const tokens = tokensModule.createTokenService({
    sessions,
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithm: alg,
  });
  const { session } = await sessions.create({ userId: 'bench-user' });
  const ccToken = (await tokens.issueAccessToken(session)).accessToken;
  const jwks = (await tokens.jwks()).body;
  const cached = tokensModule.createAccessTokenVerifier({
    jwks,
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: [alg],
    cacheSize: 1000,
  });
  const verifier = tokensModule.createAccessTokenVerifier({
    jwks,
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: [alg],
  });

  // Plain jose signs with its own key of the same algorithm, the same header and the same claims.
  const pair = await generateKeyPair(
    alg,
    alg === 'PS256' ? { modulusLength: 3072, extractable: true } : { extractable: true },
  );
  const kid = 'plain-jose-key';
  const plainJwks = createLocalJWKSet({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' }],
  });
  const joseSign = (): Promise<string> => {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: session.userId,
      sid: session.id,
      iat,
      exp: iat + 300,
      jti: crypto.randomUUID(),
    })
      .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
      .sign(pair.privateKey);
  };
  await jwtVerify(await joseSign(), plainJwks, { issuer: ISSUER, audience: AUDIENCE, algorithms: [alg] });
  const sameJwks = createLocalJWKSet(jwks as never);
  const options = {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: [alg],
    typ: 'at+jwt',
    clockTolerance: 30,
  };
  return {
    'sign coatcheck': () => tokens.issueAccessToken(session),
    'sign jose': joseSign,
    'verify coatcheck': () => verifier.verify(ccToken),
    // The same token and public key as coatcheck's verifier, so only the verifier differs.
    'verify jose': () => jwtVerify(ccToken, sameJwks, options),
    'verify coatcheck + sid check': () => tokens.verify(ccToken),
    'verify coatcheck, cache hit': () => cached.verify(ccToken),
  } as Record<string, () => Promise<unknown>>;
}

console.log(`node ${process.version}, ${ROUNDS} interleaved rounds of ${ROUND_MS} ms per case`);
console.log('| alg | operation | coatcheck ops/s | jose ops/s | coatcheck / jose |');
console.log('|---|---|---|---|---|');
for (const alg of ['EdDSA', 'ES256', 'PS256'] as const) {
  const cases = await setup(alg);
  const results: Record<string, number[]> = {};
  for (const name of Object.keys(cases)) await cases[name]!(); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    const names = Object.keys(cases);
    if (round % 2 === 1) names.reverse();
    for (const name of names) {
      const list = results[name] ?? [];
      list.push(await opsPerSecond(cases[name]!));
      results[name] = list;
    }
  }
  for (const op of ['sign', 'verify']) {
    const cc = median(results[`${op} coatcheck`]!);
    const plain = median(results[`${op} jose`]!);
    console.log(`| ${alg} | ${op} | ${cc.toFixed(0)} | ${plain.toFixed(0)} | ${(cc / plain).toFixed(3)} |`);
  }
  const plain = median(results['verify jose']!);
  const hit = median(results['verify coatcheck, cache hit']!);
  console.log(
    `| ${alg} | verify, cache hit | ${hit.toFixed(0)} | ${plain.toFixed(0)} | ${(hit / plain).toFixed(1)} |`,
  );
  const withSid = median(results['verify coatcheck + sid check']!);
  console.log(
    `| ${alg} | verify + sid (memory store) | ${withSid.toFixed(0)} | ${plain.toFixed(0)} | ${(withSid / plain).toFixed(3)} |`,
  );
}
