import type { UpdateResult } from '../../types.js';
import { encodeData } from '../codec.js';
import { numberText } from '../number-text.js';
import { defineScript, oneOf } from '../script.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface UpdateDataInput {
  id: string;
  expectedVersion: number;
  data: string;
}

/**
 * KEYS: session. ARGV: expected version, next version (record number text), data part, data
 * flag. Reply: 'updated' | 'conflict' | 'missing'. Compare-and-set on the version, update-only,
 * expiry kept; a record of the earlier layout is rewritten in the current one.
 */
const LUA = `${LUA_HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur then return 'missing' end
local r = record(cur)
if r.f[F_VERSION] ~= ARGV[1] then return 'conflict' end
r.f[F_VERSION] = ARGV[2]
r.data = ARGV[3]
r.flags = r.flags % 2 + tonumber(ARGV[4])
redis.call('SET', KEYS[1], serialize(r), 'KEEPTTL')
return 'updated'
`;

export const updateDataScript = defineScript<UpdateDataInput, UpdateResult>({
  name: 'updateData',
  lua: LUA,
  keys: (keys, { id }) => [keys.session(id)],
  args({ expectedVersion, data }) {
    const part = encodeData(data);
    return [numberText(expectedVersion), numberText(expectedVersion + 1), part.bytes, String(part.flag)];
  },
  parse: (reply) => oneOf('updateData', ['updated', 'conflict', 'missing'], reply),
});
