import { isSessionError, type SessionError, storeUnavailable } from '../errors.js';
import type { EventBus } from '../events/emitter.js';
import { type Clock, systemClock } from '../lib/clock.js';
import type { SessionStore } from './types.js';

/**
 * @internal The one way coatcheck code calls a store: `gateway('getFamily', (s) => s.getFamily(id))`.
 * The label names the call in the `store.unavailable` event (the metric and the error log), with
 * how long it ran before failing.
 */
export type StoreGateway<S = SessionStore> = <T>(
  operation: string,
  call: (store: S) => Promise<T>,
) => Promise<T>;

// An outage seen by a nested gateway call is reported once, by the innermost call.
const reported = new WeakSet<SessionError>();

/**
 * @internal Wraps a store so that every call fails closed: any failure becomes
 * ERR_STORE_UNAVAILABLE and emits `store.unavailable`. A typed refusal the store raises on purpose
 * (another SessionError code, e.g. a malformed id) passes through unchanged: it is not an outage.
 */
export function createStoreGateway<S = SessionStore>(
  store: S,
  events: EventBus | null = null,
  clock: Clock = systemClock,
): StoreGateway<S> {
  return async (operation, call) => {
    const started = performance.now();
    try {
      return await call(store);
    } catch (error) {
      if (isSessionError(error) && error.code !== 'ERR_STORE_UNAVAILABLE') throw error;
      const failure = storeUnavailable(error);
      if (!reported.has(failure)) {
        reported.add(failure);
        const ms = Math.round(performance.now() - started);
        // What went wrong stays in the log (clients get a generic message); store and driver
        // messages name hosts and timings, never a token, and are bounded.
        const detail = (error instanceof Error ? error.message : String(error)).slice(0, 200);
        events?.emit({ type: 'store.unavailable', operation, ms, detail }, {}, clock.now());
      }
      throw failure;
    }
  };
}
