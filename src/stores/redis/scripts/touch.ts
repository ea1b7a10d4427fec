import { defineScript, flag } from '../script.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface TouchInput {
  id: string;
  lastSeenAt: number;
  expiresAt: number;
}

/**
 * KEYS: session, index. ARGV: lastSeenAt, expiresAt (ms), id. Reply: 1, or 0 when the session is
 * gone (update-only). Times stay offsets from createdAt; the index entry moves to the new expiry.
 */
const LUA = `${LUA_HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local r = record(cur)
redis.call('ZREM', KEYS[2], recordMember(r.f, ARGV[3]))
local c = created(r.f)
r.f[F_LAST_SEEN_AT] = txt(tonumber(ARGV[1]) - c)
r.f[F_EXPIRES_AT] = txt(tonumber(ARGV[2]) - c)
redis.call('SET', KEYS[1], serialize(r), 'PXAT', ARGV[2])
redis.call('ZADD', KEYS[2], 0, member(userKey(r.f[F_USER_ID]), ARGV[2], ARGV[3]))
return 1
`;

export const touchScript = defineScript<TouchInput, boolean>({
  name: 'touch',
  lua: LUA,
  keys: (keys, { id }) => [keys.session(id), keys.index(id)],
  args: ({ id, lastSeenAt, expiresAt }) => [String(lastSeenAt), String(expiresAt), id],
  parse: (reply) => flag('touch', reply),
});
