import { transact } from './idb.js';

// One holder at a time across the tabs of an origin. The Web Locks API does it exactly; where it
// is missing, a lease in IndexedDB taken by an atomic read-then-write (readwrite transactions on a
// store never overlap), polled until free, with an expiry so a closed tab cannot hold it forever.

const LEASE_MS = 10_000;
const POLL_MS = 25;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Lease {
  id: string;
  until: number;
}

/** Runs `fn` while holding the origin-wide lock `name`. */
export function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks && typeof locks.request === 'function') return locks.request(name, fn) as Promise<T>;
  return withLease(`lease:${name}`, fn);
}

async function withLease<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const me = crypto.randomUUID();
  for (;;) {
    const taken = await transact<Lease, boolean>('tokens', key, (lease) =>
      lease && lease.until > Date.now()
        ? { result: false }
        : { write: { id: me, until: Date.now() + LEASE_MS }, result: true },
    );
    if (taken) break;
    await sleep(POLL_MS + Math.random() * POLL_MS);
  }
  try {
    return await fn();
  } finally {
    await transact<Lease, void>('tokens', key, (lease) =>
      lease?.id === me ? { write: null, result: undefined } : { result: undefined },
    );
  }
}
