import type { ActivityWrite } from '../../types.js';
import { activityArgs } from '../activity-codec.js';
import { defineScript, unexpectedReply } from '../script.js';
import { ACTIVITY_LUA } from './activity-lua.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface DeleteInput {
  id: string;
  /** Written in the same script when the deleted record is this user's (KEYS[3]: their log). */
  activity: ActivityWrite | undefined;
}

/**
 * KEYS: session, index[, activity log]. ARGV: id[, activity write]. Reply: the deleted record, or
 * nil. The index entry of the earlier layout is removed too, so an old session leaves no stale
 * entry behind.
 */
const LUA = `${LUA_HELPERS}${ACTIVITY_LUA}
local cur = redis.call('GET', KEYS[1])
if not cur then return false end
local f = record(cur).f
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], recordMember(f, ARGV[1]), legacyMember(f, ARGV[1]))
if actGiven(2) and f[F_USER_ID] == ARGV[2] then actWrite(KEYS[3], 2, {}) end
return cur
`;

export const deleteScript = defineScript<DeleteInput, Buffer | null>({
  name: 'delete',
  lua: LUA,
  keys: (keys, { id, activity }) => [
    keys.session(id),
    keys.index(id),
    ...(activity ? [keys.activity(activity.userId)] : []),
  ],
  args: ({ id, activity }) => [id, ...(activity ? activityArgs(activity) : [])],
  binaryReply: true,
  parse(reply) {
    if (reply === null || Buffer.isBuffer(reply)) return reply;
    throw unexpectedReply('delete');
  },
});
