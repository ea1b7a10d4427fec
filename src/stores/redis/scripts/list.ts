import { routeTag } from '../../../session-id/route-tag.js';
import { byteStrings, defineScript, unexpectedReply } from '../script.js';
import { LUA_HELPERS } from './lua-helpers.js';

export interface ListInput {
  userId: string;
  now: number;
}

/**
 * KEYS: index. ARGV: user id, now, session key prefix. Reply: {id, record, id, record, …}, oldest
 * first. Drops expired entries first (one ZREMRANGEBYLEX), so the walk is O(live sessions).
 */
const LUA = `${LUA_HELPERS}
local uk = userKey(ARGV[1])
prune(KEYS[1], uk, ARGV[2])
adopt(KEYS[1], ARGV[1], ARGV[3])
local out = {}
for _, s in ipairs(live(KEYS[1], ARGV[1], ARGV[3])) do
  table.insert(out, s.id)
  table.insert(out, s.value)
end
return out
`;

export const listScript = defineScript<ListInput, [id: string, record: Buffer][]>({
  name: 'list',
  lua: LUA,
  keys: (keys, { userId }) => [keys.index(routeTag(userId))],
  args: ({ userId, now }, keys) => [userId, String(now), keys.sessionPrefix(routeTag(userId))],
  binaryReply: true,
  parse(reply) {
    const flat = byteStrings('list', reply);
    if (flat.length % 2 !== 0) throw unexpectedReply('list');
    const pairs: [string, Buffer][] = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!.toString('latin1'), flat[i + 1]!]);
    return pairs;
  },
});
