import type { NamedDocument } from '../../types.js';
import { defineScript, flag } from '../script.js';

/**
 * KEYS: document. ARGV: value, version, expiresAt in ms (0 = never). Inserts the document exactly
 * as it was (a copy from another store) only when none of that name exists.
 * Reply: 1 when written, 0 when one exists.
 */
const LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'n', ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('PEXPIREAT', KEYS[1], ARGV[3]) end
return 1
`;

export const importDocumentScript = defineScript<NamedDocument, boolean>({
  name: 'importDocument',
  lua: LUA,
  keys: (keys, { name }) => [keys.document(name)],
  args: ({ value, version, expiresAt }) => [value, String(version), String(expiresAt ?? 0)],
  parse: (reply) => flag('importDocument', reply),
});
