import { read, transact } from './idb.js';

/**
 * The key pair stored under `name`, or `make()`'s, stored if no tab stored one first: the check
 * and the write share one readwrite transaction, so every tab ends up with the same key. CryptoKey
 * objects are structured-cloneable: the non-extractable private key is kept as an opaque handle and
 * its bytes never reach script.
 */
export async function storedKeyPair(
  name: string,
  make: () => Promise<CryptoKeyPair>,
): Promise<CryptoKeyPair> {
  const existing = await read<CryptoKeyPair>('keys', name);
  if (existing) return existing;
  const mine = await make();
  return transact<CryptoKeyPair, CryptoKeyPair>('keys', name, (winner) =>
    winner ? { result: winner } : { write: mine, result: mine },
  );
}

/** Deletes the stored key pair (after sign-out, so the next sign-in binds a new key). */
export function deleteKeyPair(name: string): Promise<void> {
  return transact('keys', name, () => ({ write: null, result: undefined }));
}
