import type { ManagerContext } from '../../core/gateway.js';
import { SessionError } from '../../errors.js';
import type { StoredSession } from '../../stores/types.js';
import { POINTER, recordOfPointer } from './pointer.js';

// How many pointers are looked up at once: enough to hide round trips, few enough to leave the
// store's capacity to the request path.
const CONCURRENCY = 32;

/**
 * Every live record of the bridge, for express-session's `all`, `length` and `clear`: the
 * bridge's pointer documents (`xs:` names, found by the store's document scan) and, for each, the
 * record it names. Only records reached through a pointer are returned, so other coatcheck
 * sessions and other data in the store are never seen. Cost: one scan of the store's documents,
 * then two single-key reads per pointer. Off the request path only (admin pages, tests).
 */
export async function bridgeRecords(c: ManagerContext): Promise<StoredSession[]> {
  if (!c.options.store.listDocuments) {
    throw new SessionError('ERR_CONFIG_INVALID', 'all, length and clear need a store that lists documents');
  }
  const names = await c.store('listDocuments', (s) => s.listDocuments!(POINTER));
  const records: StoredSession[] = [];
  for (let i = 0; i < names.length; i += CONCURRENCY) {
    const found = await Promise.all(names.slice(i, i + CONCURRENCY).map((name) => recordOfPointer(c, name)));
    for (const record of found) if (record) records.push(record);
  }
  return records;
}
