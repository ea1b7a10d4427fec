import type { UpdateResult } from '../../types.js';
import { defineScript, oneOf } from '../script.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface UpdateDataInput {
  id: string;
  expectedVersion: number;
  data: string;
}

/**
 * KEYS: session. ARGV: expected version, next version (base 36), data. Reply: 'updated' |
 * 'conflict' | 'missing'. Compare-and-set on the version, update-only, expiry kept.
 */
const LUA = `${LUA_HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur then return 'missing' end
local f = fields(cur)
if f[F_VERSION] ~= ARGV[1] then return 'conflict' end
f[F_VERSION] = ARGV[2]
f[F_DATA] = ARGV[3]
redis.call('SET', KEYS[1], table.concat(f, '\\31'), 'KEEPTTL')
return 'updated'
`;

export const updateDataScript = defineScript<UpdateDataInput, UpdateResult>({
  name: 'updateData',
  lua: LUA,
  keys: (keys, { id }) => [keys.session(id)],
  args: ({ expectedVersion, data }) => [
    expectedVersion.toString(36),
    (expectedVersion + 1).toString(36),
    data,
  ],
  parse: (reply) => oneOf('updateData', ['updated', 'conflict', 'missing'], reply),
});
