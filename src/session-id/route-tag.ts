// A session id starts with a 4-character tag derived from its user id, so a Redis Cluster store can
// keep all of one user's sessions and their index in one hash slot (atomic multi-key scripts) and
// still find a session from its id alone in one round trip. The tag is for routing only: it is
// not secret, and the id keeps 108 random bits after it (SECURITY.md, SM-1).
import { toBase64Url } from '../lib/encoding.js';

export const ROUTE_TAG_LENGTH = 4;

/** FNV-1a over the UTF-16 code units of the user id: cheap, stable, well spread. */
export function routeTag(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return toBase64Url(new Uint8Array([hash >>> 24, (hash >>> 16) & 0xff, (hash >>> 8) & 0xff])).slice(
    0,
    ROUTE_TAG_LENGTH,
  );
}

/** The routing tag a session id carries. */
export function tagOf(sessionId: string): string {
  return sessionId.slice(0, ROUTE_TAG_LENGTH);
}
