export interface BaseClientOptions {
  disableOfflineQueue: boolean;
  commandOptions: { timeout: number };
  socket: { connectTimeout: number; reconnectStrategy: (retries: number) => number };
}

/** The node-redis client options every connection of the store uses. */
export function baseClientOptions(connectTimeoutMs: number): BaseClientOptions {
  // Commands fail at once while disconnected instead of queueing without bound: fail closed.
  // node-redis 5+ bounds each command with its own AbortSignal.timeout (5 s by default): a timer
  // and a listener per command, ~1–10 µs of CPU each. Deadlines bound every store call already,
  // with one shared timer, so the per-command one is switched off (0 = none).
  return {
    disableOfflineQueue: true,
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000),
    },
  };
}
