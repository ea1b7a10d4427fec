import type { StoredSession } from '../../types.js';
import { encodeSession } from '../codec.js';
import { defineScript, flag } from '../script.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface ReplaceInput {
  oldId: string;
  replacement: StoredSession;
}

/**
 * KEYS: old session, new session, index (one tag group). ARGV: old id, new id, user id,
 * expiresAt, absoluteExpiresAt, value. Reply: 1, or 0 (nothing written) when the old session is
 * gone or the new id is taken.
 */
const LUA = `${LUA_HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], recordMember(record(cur).f, ARGV[1]))
redis.call('SET', KEYS[2], ARGV[6], 'PXAT', ARGV[4])
redis.call('ZADD', KEYS[3], 0, member(userKey(ARGV[3]), ARGV[4], ARGV[2]))
extend(KEYS[3], ARGV[5])
return 1
`;

export const replaceScript = defineScript<ReplaceInput, boolean>({
  name: 'replace',
  lua: LUA,
  keys: (keys, { oldId, replacement }) => [
    keys.session(oldId),
    keys.session(replacement.id),
    keys.index(oldId),
  ],
  args: ({ oldId, replacement: r }) => [
    oldId,
    r.id,
    r.userId,
    String(r.expiresAt),
    String(r.absoluteExpiresAt),
    encodeSession(r),
  ],
  parse: (reply) => flag('replace', reply),
});
