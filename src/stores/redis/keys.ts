import { ROUTE_TAG_LENGTH, tagOf } from '../../tokens/route-tag.js';

/** Key names. Everything of one session tag group shares the hash tag `{<tag>}`. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  session(id: string): string {
    return `${this.prefix}{${tagOf(id)}}:s:${id}`;
  }

  /** Prefix of every session key in the tag group of `id` (scripts append the id). */
  sessionPrefix(id: string): string {
    return `${this.prefix}{${tagOf(id)}}:s:`;
  }

  index(id: string): string {
    return `${this.prefix}{${tagOf(id)}}:u`;
  }

  family(id: string): string {
    return `${this.prefix}{f:${id}}`;
  }

  document(name: string): string {
    return `${this.prefix}{d:${name}}`;
  }

  sessionPattern(): string {
    return `${this.prefix}{*}:s:*`;
  }

  familyPattern(): string {
    return `${this.prefix}{f:*}`;
  }

  documentPattern(): string {
    return `${this.prefix}{d:*}`;
  }
}

/** The lexical range of one user's entries in an index. */
export function userRange(userId: string): [string, string] {
  return [`[${userId}\x1f`, `(${userId}\x20`];
}

/**
 * The index member of a session: user, creation time, id without its routing tag (the index key
 * carries the tag; every id in it starts with it). The time is base 36, zero-padded to 9 characters
 * (enough until the year 5188), so members sort by creation time. 10 bytes shorter than 15 decimal
 * digits and the whole id: for a typical user with a few sessions the index fits a smaller
 * allocation.
 */
export function indexMember(userId: string, createdAt: number, id: string): string {
  return `${userId}\x1f${createdAt.toString(36).padStart(9, '0')}\x1f${id.slice(ROUTE_TAG_LENGTH)}`;
}
