import { importOptional } from '../server/optional.js';

/** node-redis, loaded only by the commands that were given a Redis URL. */
export function loadRedis(): Promise<typeof import('redis')> {
  return importOptional('A redis:// URL', () => import('redis'));
}
