import type { SessionStore } from '../../src/stores/types.js';

/** Wraps a real store and counts calls per method, to prove read/write costs per request. */
export function countingStore(inner: SessionStore): { store: SessionStore; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

/** A store whose every call fails, as when the backend is down. */
export function downStore(): SessionStore {
  return new Proxy({} as SessionStore, {
    get(_target, prop) {
      if (prop === 'kind') return 'down';
      if (prop === 'then') return undefined;
      return () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379'));
    },
  });
}

/** Wraps a real store with an outage switch: while `down`, every call rejects as a dead backend would. */
export function switchableStore(inner: SessionStore): { store: SessionStore; outage: { down: boolean } } {
  const outage = { down: false };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        outage.down
          ? Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379'))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
  return { store, outage };
}
