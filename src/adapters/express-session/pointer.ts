import type { ManagerContext } from '../../core/gateway.js';
import { deriveFromSid, migratedToken } from '../../migrate/legacy/derive.js';
import { routeTag } from '../../session-id/route-tag.js';
import { secretMatches } from '../../session-id/session-token.js';
import type { StoredSession } from '../../stores/types.js';

// A record's id is the user's routing tag plus a core derived from the express-session id under
// the keyring (HMAC); the pointer document `xs:<core>` names the user, so the sid alone finds the
// record and the raw sid is never stored (SM-2). Other bridges (Auth.js) use the same scheme in
// a space of their own, so their derivations and pointers never collide.

/** Where a bridge keeps its pointer documents and how its derivations are labelled. */
export interface PointerSpace {
  prefix: string;
  label: string;
}

const EXPRESS_SESSION: PointerSpace = { prefix: 'xs:', label: 'express-session' };

/** The express-session bridge's pointer prefix: `all`, `length` and `clear` list it. */
export const POINTER = EXPRESS_SESSION.prefix;

export interface Derived {
  core: string;
  secret: string;
}

/** A sid whose pointer exists: its derivation, its user, the pointer's version. */
export interface Located extends Derived {
  userId: string;
  pointerVersion: number;
}

/** The derivation under the newest key: what a new record is made with. */
export async function deriveNewest(
  c: ManagerContext,
  sid: string,
  space: PointerSpace = EXPRESS_SESSION,
): Promise<Derived> {
  const { key } = await c.keyring!.current('legacy');
  return deriveFromSid(key, space.label, sid);
}

/** Finds a sid's pointer, trying every key newest first (sessions outlive a key rotation). */
export async function locate(
  c: ManagerContext,
  sid: string,
  space: PointerSpace = EXPRESS_SESSION,
): Promise<Located | null> {
  for (const { key } of await c.keyring!.all('legacy')) {
    const derived = await deriveFromSid(key, space.label, sid);
    const doc = await c.store('getDocument', (s) => s.getDocument(space.prefix + derived.core));
    if (doc) return { ...derived, userId: doc.value, pointerVersion: doc.version };
  }
  return null;
}

/**
 * Writes the pointer: `expectedVersion` null creates it only if absent, a version moves it to
 * another user only if nobody moved it first. It lives as long as a record made now can.
 */
export function putPointer(
  c: ManagerContext,
  core: string,
  userId: string,
  expectedVersion: number | null,
  space: PointerSpace = EXPRESS_SESSION,
): Promise<boolean> {
  const ttl = Math.max(1, Math.ceil(c.options.absoluteMs / 1000));
  return c.store('putDocument', (s) => s.putDocument(space.prefix + core, userId, expectedVersion, ttl));
}

/** The session id (handle) a derivation has for a user. */
export async function handleFor(derived: Derived, userId: string): Promise<string> {
  return (await migratedToken(derived, userId)).id;
}

/** The located record, or null when it ended (revoked, destroyed, expired) or does not match. */
export async function recordAt(c: ManagerContext, at: Located): Promise<StoredSession | null> {
  const id = await handleFor(at, at.userId);
  const record = await c.store('get', (s) => s.get(id));
  if (!record || record.userId !== at.userId) return null;
  return (await secretMatches(at.secret, record.secretHash)) ? record : null;
}

/**
 * The record a pointer document names, found without the sid: its id is the user's routing tag
 * plus the pointer's core. Off the request path (listing): the secret cannot be checked here.
 */
export async function recordOfPointer(c: ManagerContext, name: string): Promise<StoredSession | null> {
  const doc = await c.store('getDocument', (s) => s.getDocument(name));
  if (!doc) return null;
  const id = routeTag(doc.value) + name.slice(POINTER.length);
  const record = await c.store('get', (s) => s.get(id));
  return record && record.userId === doc.value ? record : null;
}
