import { importOptional } from '../server/optional.js';

/** node-redis, loaded only by the commands that were given a Redis URL. */
export function loadRedis(): Promise<typeof import('redis')> {
  return importOptional('redis', 'A redis:// URL', () => import('redis'));
}
