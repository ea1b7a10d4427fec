import type { ActivityWrite, StoredSession } from '../../types.js';
import { activityArgs } from '../activity-codec.js';
import { encodeSession } from '../codec.js';
import { defineScript, flag } from '../script.js';
import { ACTIVITY_LUA } from './activity-lua.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface ReplaceInput {
  oldId: string;
  replacement: StoredSession;
  /** Written in the same script (KEYS[4]: the user's activity log). */
  activity: ActivityWrite | undefined;
}

/**
 * KEYS: old session, new session, index (one tag group)[, activity log]. ARGV: old id, new id,
 * user id, expiresAt, absoluteExpiresAt, value[, an activity write]. Reply: 1, or 0 (nothing
 * written) when the old session is gone or the new id is taken.
 */
const LUA = `${LUA_HELPERS}${ACTIVITY_LUA}
local cur = redis.call('GET', KEYS[1])
if not cur or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], recordMember(record(cur).f, ARGV[1]))
redis.call('SET', KEYS[2], ARGV[6], 'PXAT', ARGV[4])
redis.call('ZADD', KEYS[3], 0, member(userKey(ARGV[3]), ARGV[4], ARGV[2]))
extend(KEYS[3], ARGV[5])
if actGiven(7) and ARGV[7] == ARGV[3] then actWrite(KEYS[4], 7, {}) end
return 1
`;

export const replaceScript = defineScript<ReplaceInput, boolean>({
  name: 'replace',
  lua: LUA,
  keys: (keys, { oldId, replacement, activity }) => [
    keys.session(oldId),
    keys.session(replacement.id),
    keys.index(oldId),
    ...(activity ? [keys.activity(activity.userId)] : []),
  ],
  args: ({ oldId, replacement: r, activity }) => [
    oldId,
    r.id,
    r.userId,
    String(r.expiresAt),
    String(r.absoluteExpiresAt),
    encodeSession(r),
    ...(activity ? activityArgs(activity) : []),
  ],
  parse: (reply) => flag('replace', reply),
});
