import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SessionData } from '../core/session.js';
import { SessionError } from '../errors.js';
import type { MappedLegacySession } from '../migrate/legacy/claim.js';

export type LegacyMap = (legacy: unknown) => MappedLegacySession | null;

/** The flags that choose the mapping. */
export interface LegacyMapFlags {
  map?: string | undefined;
  'user-field'?: string | undefined;
  'data-fields'?: string | undefined;
}

/**
 * The mapping from a legacy session to a coatcheck user and data: `--map <module>` (its default
 * export, or `map`, the same function the adapter's migration uses), or `--user-field <path>`
 * (dotted, e.g. `passport.user`) with the other top-level fields as data (`--data-fields a,b`
 * to choose; express-session's and @fastify/session's `cookie` is never carried).
 */
export async function loadLegacyMap(flags: LegacyMapFlags): Promise<LegacyMap> {
  const module = flags.map;
  if (module) {
    const loaded = (await import(pathToFileURL(resolve(module)).href)) as {
      default?: unknown;
      map?: unknown;
    };
    const map = typeof loaded.default === 'function' ? loaded.default : loaded.map;
    if (typeof map !== 'function')
      throw new SessionError('ERR_CONFIG_INVALID', `${module} exports no mapping function (default or map)`);
    return map as LegacyMap;
  }
  const userField = flags['user-field'];
  if (!userField) throw new SessionError('ERR_CONFIG_INVALID', 'Give --user-field <path> or --map <module>');
  const dataFields = flags['data-fields']?.split(',').filter(Boolean);
  return (legacy) => {
    if (legacy === null || typeof legacy !== 'object') return null;
    let user: unknown = legacy;
    for (const part of userField.split('.')) user = (user as Record<string, unknown> | null)?.[part];
    if (typeof user !== 'string' && typeof user !== 'number') return null;
    const data: SessionData = {};
    for (const [key, value] of Object.entries(legacy)) {
      if (key !== 'cookie' && (!dataFields || dataFields.includes(key))) data[key] = value;
    }
    return { userId: String(user), data };
  };
}
