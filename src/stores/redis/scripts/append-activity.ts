import type { ActivityWrite } from '../../types.js';
import { activityArgs } from '../activity-codec.js';
import { defineScript, flag } from '../script.js';
import { ACTIVITY_LUA } from './activity-lua.js';
import { LUA_HELPERS } from './lua-helpers.js';

/** KEYS: the user's activity log. ARGV: an activity write. Reply: 1 when the unseen entry went in. */
const LUA = `${LUA_HELPERS}${ACTIVITY_LUA}
return actWrite(KEYS[1], 1, {}) and 1 or 0
`;

export const appendActivityScript = defineScript<ActivityWrite, boolean>({
  name: 'appendActivity',
  lua: LUA,
  keys: (keys, write) => [keys.activity(write.userId)],
  args: (write) => activityArgs(write),
  parse: (reply) => flag('appendActivity', reply),
});
