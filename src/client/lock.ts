// One holder at a time across the tabs of an origin. The Web Locks API does it exactly; where it
// is missing, a lease in localStorage: write your id, wait for competing writes to land, and hold
// the lease only if your id is still there (storage writes are ordered by the browser).

const LEASE_MS = 10_000;
const SETTLE_MS = 40;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` while holding the origin-wide lock `name`. */
export function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks && typeof locks.request === 'function') return locks.request(name, fn) as Promise<T>;
  return withStorageLease(name, fn);
}

async function withStorageLease<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const key = `coatcheck-lock:${name}`;
  const me = crypto.randomUUID();
  const holder = (): { id: string; until: number } | null => {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null');
    } catch {
      return null;
    }
  };
  for (;;) {
    const current = holder();
    if (!current || current.until < Date.now()) {
      localStorage.setItem(key, JSON.stringify({ id: me, until: Date.now() + LEASE_MS }));
      await sleep(SETTLE_MS);
      if (holder()?.id === me) break;
    }
    await sleep(SETTLE_MS + Math.random() * SETTLE_MS);
  }
  try {
    return await fn();
  } finally {
    if (holder()?.id === me) localStorage.removeItem(key);
  }
}
