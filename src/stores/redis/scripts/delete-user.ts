import { routeTag } from '../../../session-id/route-tag.js';
import type { ActivityWrite } from '../../types.js';
import { activityArgs } from '../activity-codec.js';
import { defineScript, strings } from '../script.js';
import { ACTIVITY_LUA } from './activity-lua.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface DeleteUserInput {
  userId: string;
  exceptId: string | undefined;
  now: number;
  /** Written in the same script (KEYS[2]: the user's activity log). */
  activity: ActivityWrite | undefined;
}

/**
 * KEYS: index[, activity log]. ARGV: user id, now, session key prefix, id to keep (or '')[, an
 * activity write]. Reply: the deleted ids, oldest first. Only records whose user id matches
 * exactly are deleted.
 */
const LUA = `${LUA_HELPERS}${ACTIVITY_LUA}
local uk = userKey(ARGV[1])
prune(KEYS[1], uk, ARGV[2])
adopt(KEYS[1], ARGV[1], ARGV[3])
local out, deleted = {}, {}
for _, s in ipairs(live(KEYS[1], ARGV[1], ARGV[3])) do
  if s.id ~= ARGV[4] then
    redis.call('DEL', skey(ARGV[3], s.id))
    redis.call('ZREM', KEYS[1], s.m)
    table.insert(out, s.id)
    table.insert(deleted, s)
  end
end
if actGiven(5) and ARGV[5] == ARGV[1] then actWrite(KEYS[2], 5, deleted) end
return out
`;

export const deleteUserScript = defineScript<DeleteUserInput, string[]>({
  name: 'deleteByUser',
  lua: LUA,
  keys: (keys, { userId, activity }) => [
    keys.index(routeTag(userId)),
    ...(activity ? [keys.activity(activity.userId)] : []),
  ],
  args: ({ userId, exceptId, now, activity }, keys) => [
    userId,
    String(now),
    keys.sessionPrefix(routeTag(userId)),
    exceptId ?? '',
    ...(activity ? activityArgs(activity) : []),
  ],
  parse: (reply) => strings('deleteByUser', reply),
});
