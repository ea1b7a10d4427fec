import { defineScript, unexpectedReply } from '../script.js';
import { LUA_HELPERS } from './lua-helpers.js';

/**
 * KEYS: session, index. ARGV: id. Reply: the deleted record, or nil. The index entry of the
 * earlier layout is removed too, so an old session leaves no stale entry behind.
 */
const LUA = `${LUA_HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur then return false end
local f = record(cur).f
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], recordMember(f, ARGV[1]), legacyMember(f, ARGV[1]))
return cur
`;

export const deleteScript = defineScript<string, Buffer | null>({
  name: 'delete',
  lua: LUA,
  keys: (keys, id) => [keys.session(id), keys.index(id)],
  args: (id) => [id],
  binaryReply: true,
  parse(reply) {
    if (reply === null || Buffer.isBuffer(reply)) return reply;
    throw unexpectedReply('delete');
  },
});
