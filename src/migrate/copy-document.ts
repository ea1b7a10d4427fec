import type { NamedDocument, SessionStore } from '../stores/types.js';

/**
 * Writes a copied document into `to` only if it has none of that name, keeping its version and
 * its expiry: exactly (`importDocument`) where the store can, else its remaining time to live with
 * a version that starts again at 1. A document that has expired meanwhile is not copied.
 */
export function copyDocument(to: SessionStore, doc: NamedDocument, now: number): Promise<boolean> {
  if (to.importDocument) return to.importDocument(doc);
  if (doc.expiresAt === null) return to.putDocument(doc.name, doc.value, null);
  const ttl = Math.ceil((doc.expiresAt - now) / 1000);
  return ttl > 0 ? to.putDocument(doc.name, doc.value, null, ttl) : Promise.resolve(false);
}

/** A document with its expiry (`readDocument`), or without (null: unknown) where the store has none. */
export async function readDocument(from: SessionStore, name: string): Promise<NamedDocument | null> {
  if (from.readDocument) return from.readDocument(name);
  const doc = await from.getDocument(name);
  return doc ? { name, ...doc, expiresAt: null } : null;
}
