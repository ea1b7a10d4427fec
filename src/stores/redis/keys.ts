import { ROUTE_TAG_LENGTH, routeTag, tagOf } from '../../session-id/route-tag.js';

const SESSION_KEY = /^\{([A-Za-z0-9_-]{4})\}s([A-Za-z0-9_-]+)$/;

/** Key names. Everything of one session tag group shares the hash tag `{<tag>}`. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /**
   * `<prefix>{<tag>}s<id without its tag>`: the tag is written once, and with the default prefix
   * the key is 28 bytes, which Redis allocates in a 32-byte class instead of 40 (8 bytes less
   * per session). `s` right after the tag tells it from the index (`:u`).
   */
  session(id: string): string {
    return `${this.prefix}{${tagOf(id)}}s${id.slice(ROUTE_TAG_LENGTH)}`;
  }

  /** Prefix of every session key in the tag group of `id` (scripts append the id without its tag). */
  sessionPrefix(id: string): string {
    return `${this.prefix}{${tagOf(id)}}s`;
  }

  /** The session id a session key names, or null for any other key. */
  idOfSessionKey(key: string): string | null {
    const match = SESSION_KEY.exec(key.slice(this.prefix.length));
    return key.startsWith(this.prefix) && match ? match[1]! + match[2]! : null;
  }

  /** The index of the tag group of `id` (a session id, or a user's routing tag as a probe). */
  index(id: string): string {
    return `${this.prefix}{${tagOf(id)}}:u`;
  }

  /**
   * `<prefix>{<user's tag>}a<userId>`: one user's activity log, in the slot of their sessions and
   * index, so the scripts that change sessions append to it atomically on a Cluster too. The full
   * user id keeps two users of one tag group apart.
   */
  activity(userId: string): string {
    return `${this.prefix}{${routeTag(userId)}}a${userId}`;
  }

  family(id: string): string {
    return `${this.prefix}{f:${id}}`;
  }

  document(name: string): string {
    return `${this.prefix}{d:${name}}`;
  }

  sessionPattern(): string {
    return `${this.prefix}{????}s*`;
  }

  familyPattern(): string {
    return `${this.prefix}{f:*}`;
  }

  documentPattern(): string {
    return `${this.prefix}{d:*}`;
  }
}
