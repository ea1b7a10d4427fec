// The DPoP key pair lives in IndexedDB: CryptoKey objects are structured-cloneable, so the
// non-extractable private key is stored as an opaque handle and its bytes never reach script.

const DB = 'coatcheck-dpop';
const STORE = 'keys';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * The key pair stored under `name`, or `make()`'s, stored if no tab stored one first: the final
 * read and the write share one readwrite transaction, which IndexedDB runs one at a time, so every
 * tab ends up with the same key.
 */
export async function storedKeyPair(
  name: string,
  make: () => Promise<CryptoKeyPair>,
): Promise<CryptoKeyPair> {
  const db = await open();
  try {
    const existing = await done<CryptoKeyPair | undefined>(
      db.transaction(STORE).objectStore(STORE).get(name),
    );
    if (existing) return existing;
    const mine = await make();
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    const winner = await done<CryptoKeyPair | undefined>(store.get(name));
    if (winner) return winner;
    await done(store.add(mine, name));
    return mine;
  } finally {
    db.close();
  }
}

/** Deletes the stored key pair (after sign-out, so the next sign-in binds a new key). */
export async function deleteKeyPair(name: string): Promise<void> {
  const db = await open();
  try {
    await done(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(name));
  } finally {
    db.close();
  }
}
