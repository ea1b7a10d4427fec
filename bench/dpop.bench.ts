// DPoP (RFC 9449) on the resource server: what verifying a proof adds to verifying an access token.
// Plain Bearer verification against DPoP verification (token + proof signature + claims + one
// insert-if-absent of the jti), with the jti kept in the memory store and in a real Redis, in one
// process with interleaved rounds. Proofs are signed ahead of time: only the server's cost is timed.
// Run with `npm run bench` (builds first); the code under test is the built package in dist/.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { createSessionManager, Keyring } from '../dist/index.js';
import { MemoryStore } from '../dist/stores/memory/index.js';
import { RedisStore } from '../dist/stores/redis/index.js';
import { createAccessTokenVerifier, createTokenService } from '../dist/tokens/index.js';
import { freePort } from './http/processes.ts';
import { interleave, printTable } from './lib.ts';

const ROUNDS = process.env.BENCH_MODE === 'full' ? 21 : 9;
const ROUND_MS = process.env.BENCH_MODE === 'full' ? 400 : 150;
const URL_ = 'https://api.example.test/me';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

const port = await freePort();
const redis = spawn(
  'redis-server',
  [
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    mkdtempSync(join(tmpdir(), 'cc-dpop-')),
  ],
  { stdio: 'ignore' },
);
const ping = (): boolean => {
  try {
    return execFileSync('redis-cli', ['-p', String(port), 'PING'], { encoding: 'utf8' }).trim() === 'PONG';
  } catch {
    return false;
  }
};
for (let i = 0; i < 100 && !ping(); i++) await new Promise((r) => setTimeout(r, 50));

try {
  const store = new MemoryStore();
  const sessions = createSessionManager({ store, secrets: Keyring.generateSecret('k1') });
  const tokens = createTokenService({ sessions, issuer: 'https://issuer.test', audience: 'api' });
  const { session } = await sessions.create({ userId: 'bench-user' });
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = key.publicKey.export({ format: 'jwk' });
  const jwk = { kty, crv, x, y };
  const jkt = await calculateJwkThumbprint(jwk as never, 'sha256');
  const bearer = (await tokens.issueAccessToken(session)).accessToken;
  const bound = (await tokens.issueAccessToken(session, { jkt })).accessToken;
  const ath = createHash('sha256').update(bound).digest('base64url');
  const header = b64({ typ: 'dpop+jwt', alg: 'ES256', jwk });
  const proofs: string[] = [];
  const proof = (): string => {
    const input = `${header}.${b64({ jti: randomUUID(), htm: 'GET', htu: URL_, iat: Math.floor(Date.now() / 1000), ath })}`;
    const sig = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${sig.toString('base64url')}`;
  };
  // Enough fresh proofs for every timed call (each jti is accepted once); refilled between rounds.
  const refill = (): void => {
    while (proofs.length < 60_000) proofs.push(proof());
  };
  refill();
  const next = () => ({ proof: proofs.pop() ?? proof(), method: 'GET', url: URL_ });
  const jwks = (await tokens.jwks()).body;
  const base = { jwks, issuer: 'https://issuer.test', audience: 'api', algorithms: ['EdDSA'] as const };
  const redisStore = await RedisStore.connect({
    connection: { url: `redis://127.0.0.1:${port}` },
    prefix: 'dpop:',
  });
  const plain = createAccessTokenVerifier(base);
  const inMemory = createAccessTokenVerifier({ ...base, dpop: { store: new MemoryStore() } });
  const inRedis = createAccessTokenVerifier({ ...base, dpop: { store: redisStore } });

  const results = await interleave(
    {
      'Bearer verify (EdDSA)': () => plain.verify(bearer),
      'DPoP verify, jti in memory store': async () => {
        await inMemory.verify(bound, next());
        if (proofs.length < 1000) refill();
      },
      'DPoP verify, jti in Redis': async () => {
        await inRedis.verify(bound, next());
        if (proofs.length < 1000) refill();
      },
    },
    ROUNDS,
    ROUND_MS,
  );
  console.log(`node ${process.version}, ${ROUNDS} interleaved rounds of ${ROUND_MS} ms`);
  printTable('Access-token verification per request', results, 'ops/s', 'Bearer verify (EdDSA)');
  const us = (name: string) => 1e6 / results[name]!.median;
  const baseUs = us('Bearer verify (EdDSA)');
  console.log(`\n| case | µs per request | added by DPoP |\n|---|---|---|`);
  for (const name of Object.keys(results)) {
    console.log(
      `| ${name} | ${us(name).toFixed(1)} | ${name.startsWith('DPoP') ? `+${(us(name) - baseUs).toFixed(1)} µs` : '—'} |`,
    );
  }
  await redisStore.close?.();
} finally {
  redis.kill();
}
