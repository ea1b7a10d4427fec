import { routeTag } from '../../../session-id/route-tag.js';
import { defineScript, strings } from '../script.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface DeleteUserInput {
  userId: string;
  exceptId: string | undefined;
  now: number;
}

/**
 * KEYS: index. ARGV: user id, now, session key prefix, id to keep (or ''). Reply: the deleted
 * ids. Only records whose user id matches exactly are deleted.
 */
const LUA = `${LUA_HELPERS}
local uk = userKey(ARGV[1])
prune(KEYS[1], uk, ARGV[2])
adopt(KEYS[1], ARGV[1], ARGV[3])
local out = {}
for _, s in ipairs(live(KEYS[1], ARGV[1], ARGV[3])) do
  if s.id ~= ARGV[4] then
    redis.call('DEL', skey(ARGV[3], s.id))
    redis.call('ZREM', KEYS[1], s.m)
    table.insert(out, s.id)
  end
end
return out
`;

export const deleteUserScript = defineScript<DeleteUserInput, string[]>({
  name: 'deleteByUser',
  lua: LUA,
  keys: (keys, { userId }) => [keys.index(routeTag(userId))],
  args: ({ userId, exceptId, now }, keys) => [
    userId,
    String(now),
    keys.sessionPrefix(routeTag(userId)),
    exceptId ?? '',
  ],
  parse: (reply) => strings('deleteByUser', reply),
});
