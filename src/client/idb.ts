// One small IndexedDB database per origin for the client: tokens, leases and DPoP keys. IndexedDB
// is the one storage every tab reads through the same backend: a committed write is what the next
// read in any tab sees (localStorage only propagates between tabs eventually), and readwrite
// transactions on a store run one at a time, which makes a read-then-write atomic.

const DB = 'coatcheck';
export type StoreName = 'tokens' | 'keys';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('tokens');
      request.result.createObjectStore('keys');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let db: Promise<IDBDatabase> | null = null;

/**
 * Runs `fn` in one transaction on `store` and resolves with its result once the transaction has
 * committed. `fn` gets the value under `key` and returns what to do: keep it (`undefined`), write a
 * new value, or delete it (`null`), plus the result to hand back.
 */
export async function transact<T, R>(
  store: StoreName,
  key: string,
  fn: (current: T | undefined) => { write?: T | null; result: R },
): Promise<R> {
  db ??= open();
  const tx = (await db).transaction(store, 'readwrite');
  const objects = tx.objectStore(store);
  return new Promise<R>((resolve, reject) => {
    let result: R;
    const read = objects.get(key);
    read.onsuccess = () => {
      const decision = fn(read.result as T | undefined);
      result = decision.result;
      if (decision.write === null) objects.delete(key);
      else if (decision.write !== undefined) objects.put(decision.write, key);
    };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** The value under `key`, read in its own transaction. */
export function read<T>(store: StoreName, key: string): Promise<T | undefined> {
  return transact<T, T | undefined>(store, key, (current) => ({ result: current }));
}
