// The service's graceful stop, in the order a load balancer needs: first the readiness check
// fails while requests are still served (so the balancer moves traffic away), then the listener
// closes, requests in flight finish, and only then may the store close.
import type { Server } from 'node:http';
import type { ReadyGate } from './ready-gate.js';

/** `COATCHECK_DRAIN_DELAY_MS` and `COATCHECK_SHUTDOWN_TIMEOUT_MS` (see docs/deployment.md). */
export interface DrainSettings {
  /** How long `/readyz` answers 503 while requests are still served, before the listener closes. */
  drainDelayMs: number;
  /** How long requests in flight may take to finish once the listener closed; then connections are cut. */
  shutdownTimeoutMs: number;
}

// How often keep-alive connections that went idle during the stop are closed.
const IDLE_SWEEP_MS = 50;

/**
 * Drains `server`: readiness off and `Connection: close` on every answer, `drainDelayMs` of
 * serving as usual, then no new connections, and a wait for the answers in flight (at most
 * `shutdownTimeoutMs`, after which the remaining connections are cut). Resolves when no
 * connection is left.
 */
export async function drainServer(
  server: Server,
  gate: Pick<ReadyGate, 'drain'>,
  settings: DrainSettings,
): Promise<void> {
  gate.drain();
  if (settings.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.drainDelayMs));
  if (!server.listening) return;
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(() => server.closeAllConnections(), settings.shutdownTimeoutMs);
    // A connection whose request began before the drain keeps alive after its answer: close it
    // once idle, rather than waiting for the keep-alive timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearTimeout(deadline);
      clearInterval(sweep);
      resolve();
    });
  });
}
