import { defineScript, unexpectedReply } from '../script.js';
import { LUA_HELPERS } from './lua-helpers.js';

/**
 * KEYS: session, index. ARGV: id. Reply: the deleted record, or nil. The index entry of the
 * earlier layout is removed too, so an old session leaves no stale entry behind.
 */
const LUA = `${LUA_HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur then return false end
local f = fields(cur)
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], recordMember(f, ARGV[1]))
local c36 = f[F_CREATED_AT]
redis.call('ZREM', KEYS[2], f[F_USER_ID] .. '\\31' .. string.rep('0', 9 - #c36) .. c36 .. '\\31' .. string.sub(ARGV[1], TAG + 1))
return cur
`;

export const deleteScript = defineScript<string, string | null>({
  name: 'delete',
  lua: LUA,
  keys: (keys, id) => [keys.session(id), keys.index(id)],
  args: (id) => [id],
  parse(reply) {
    if (reply === null || typeof reply === 'string') return reply;
    throw unexpectedReply('delete');
  },
});
