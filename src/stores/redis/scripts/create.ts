import type { ActivityWrite, CreateResult, SessionLimit, StoredSession } from '../../types.js';
import { activityArgs } from '../activity-codec.js';
import { encodeSession } from '../codec.js';
import { defineScript, strings, unexpectedReply } from '../script.js';
import { ACTIVITY_LUA } from './activity-lua.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface CreateInput {
  session: StoredSession;
  limit: SessionLimit | undefined;
  /** The store clock's time: index entries that expired by then are dropped. */
  now: number;
  /** Written in the same script (KEYS[3] is then the user's activity log). */
  activity: ActivityWrite | undefined;
}

/**
 * KEYS: session, index. ARGV: userId, id, expiresAt, absoluteExpiresAt, now, max (0: none),
 * policy (r|e), session key prefix, value, then an activity write (ACTIVITY_LUA) with KEYS[3].
 * Reply: {'exists'} | {'limit'} | {'created', new device ('', '0', '1'), evicted…}.
 * Every create drops the user's expired index entries, so the index holds live sessions (plus
 * records removed behind the store's back, e.g. by maxmemory) whatever the limit; only a user at
 * the limit pays for reading its records (O(their count)).
 */
const LUA = `${LUA_HELPERS}${ACTIVITY_LUA}
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
local u, prefix = ARGV[1], ARGV[8]
local uk = userKey(u)
prune(KEYS[2], uk, ARGV[5])
local max = tonumber(ARGV[6])
local out = {'created', ''}
local evicted = {}
if max > 0 then
  adopt(KEYS[2], u, prefix)
  local lo, hi = userRange(uk)
  if redis.call('ZLEXCOUNT', KEYS[2], lo, hi) >= max then
    local sessions = live(KEYS[2], u, prefix)
    if #sessions >= max then
      if ARGV[7] == 'r' then return {'limit'} end
      for i = 1, #sessions - max + 1 do
        redis.call('DEL', skey(prefix, sessions[i].id))
        redis.call('ZREM', KEYS[2], sessions[i].m)
        table.insert(out, sessions[i].id)
        table.insert(evicted, sessions[i])
      end
    end
  end
end
redis.call('SET', KEYS[1], ARGV[9], 'PXAT', ARGV[3])
redis.call('ZADD', KEYS[2], 0, member(uk, ARGV[3], ARGV[2]))
extend(KEYS[2], ARGV[4])
if actGiven(10) then
  local isNew = actWrite(KEYS[3], 10, evicted)
  if ARGV[15] ~= '' then out[2] = isNew and '1' or '0' end
end
return out
`;

export const createScript = defineScript<CreateInput, CreateResult>({
  name: 'create',
  lua: LUA,
  keys: (keys, { session, activity }) => [
    keys.session(session.id),
    keys.index(session.id),
    ...(activity ? [keys.activity(activity.userId)] : []),
  ],
  args: ({ session, limit, now, activity }, keys) => [
    session.userId,
    session.id,
    String(session.expiresAt),
    String(session.absoluteExpiresAt),
    String(now),
    String(limit?.max ?? 0),
    limit?.policy === 'reject' ? 'r' : 'e',
    keys.sessionPrefix(session.id),
    encodeSession(session),
    ...(activity ? activityArgs(activity) : []),
  ],
  parse(reply) {
    const [word, newDevice, ...evicted] = strings('create', reply);
    if (word === 'exists' || word === 'limit') return { created: false, reason: word };
    if (word !== 'created' || newDevice === undefined) throw unexpectedReply('create');
    if (newDevice === '') return { created: true, evicted };
    return { created: true, evicted, newDevice: newDevice === '1' };
  },
});
