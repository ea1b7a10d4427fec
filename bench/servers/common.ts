// Shared by every benchmark server: the port it listens on and the one line it prints when ready.
import type { Server } from 'node:http';

export const port = Number(process.env.PORT ?? 0);
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A per-run key prefix so contenders never read each other's keys. */
export const prefix = process.env.KEY_PREFIX ?? 'bench:';
/** The same 64 bytes of session payload for every contender. */
export const payload = { userId: 'alice', role: 'member', theme: 'dark', locale: 'en-GB', n: 0 };
/** A fixed, bench-only signing secret for the peers that need one (never a real secret). */
export const peerSecret = process.env.BENCH_PEER_SECRET ?? 'x'.repeat(48);

export function announce(server: Server): void {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`${JSON.stringify({ ready: true, port: actual })}\n`);
}
