import type { LegacyPager, LegacyRecord } from './import.js';

/** The commands the reader needs; a node-redis v5 client provides them. */
export interface LegacyRedisClient {
  scan(
    cursor: string,
    options: { MATCH: string; COUNT: number },
  ): Promise<{ cursor: string; keys: string[] }>;
  get(key: string): Promise<string | null>;
  pTTL(key: string): Promise<number>;
}

/**
 * Pages through connect-redis's keys (`<prefix><sid>`, JSON values) with SCAN, never KEYS, for a
 * bulk import off the request path. The cursor is Redis's own SCAN cursor, so an interrupted run
 * resumes where it stopped; SCAN may return a key twice, which the import's idempotence absorbs.
 *
 * @example
 * ```ts
 * import { connectRedisPages } from 'coatcheck/migrate';
 * const pages = connectRedisPages(redisClient, 'sess:');
 * ```
 */
export function connectRedisPages(client: LegacyRedisClient, prefix: string): LegacyPager {
  const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  return async function connectRedisPage(cursor, count) {
    const reply = await client.scan(cursor ?? '0', { MATCH: match, COUNT: count });
    const found = await Promise.all(
      reply.keys.map(async (key): Promise<LegacyRecord | null> => {
        const [raw, ttl] = await Promise.all([client.get(key), client.pTTL(key)]);
        if (raw === null || ttl === -2) return null;
        return { sid: key.slice(prefix.length), record: parse(raw), ttlMs: ttl >= 0 ? ttl : null };
      }),
    );
    return {
      items: found.filter((r) => r !== null),
      cursor: String(reply.cursor) === '0' ? null : String(reply.cursor),
    };
  };
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
