// Lua shared by the session scripts. Field positions and the routing-tag length are generated from
// the codec's field table and the token format, so the Lua and the TypeScript cannot drift apart.
//
// Index members are binary and fixed-size, whatever the user id's length:
//   8 bytes of SHA-1(userId) | expiresAt, 6 bytes big-endian ms | the id without its routing tag
// (32 bytes), so a per-user index stays a compact listpack (`zset-max-listpack-value` is 64).
// One user's entries are one lexical range (all scores are 0), ordered by expiry, so the dead ones
// are one ZREMRANGEBYLEX away. The digest only narrows the range: every script checks the record's
// full user id before it lists, counts or deletes a session, so another user whose digest collides
// is never touched. SHA-1 here is a spreading function, not a security boundary.
import { ROUTE_TAG_LENGTH } from '../../../tokens/route-tag.js';
import { SESSION_FIELDS } from '../codec.js';

const fieldConstants = SESSION_FIELDS.map(
  (name, i) => `local F_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()} = ${i + 1}`,
).join('\n');

/** Bytes of the user digest at the start of a member. */
export const USER_DIGEST_BYTES = 8;
/** Bytes of the big-endian expiry after it. */
export const EXPIRY_BYTES = 6;

export const LUA_HELPERS = `
${fieldConstants}
local FIELD_COUNT = ${SESSION_FIELDS.length}
local TAG = ${ROUTE_TAG_LENGTH}
local ID_AT = ${USER_DIGEST_BYTES + EXPIRY_BYTES + 1}
local function fields(s)
  local out = {}
  for f in string.gmatch(s .. '\\31', '([^\\31]*)\\31') do table.insert(out, f) end
  return out
end
local function b36(n)
  local digits, out, neg = '0123456789abcdefghijklmnopqrstuvwxyz', '', n < 0
  if neg then n = -n end
  repeat
    local d = n % 36
    out = string.sub(digits, d + 1, d + 1) .. out
    n = (n - d) / 36
  until n == 0
  return (neg and '-' or '') .. out
end
local function bytes(n, width)
  local out = {}
  for i = width, 1, -1 do
    local b = n % 256
    out[i] = string.char(b)
    n = (n - b) / 256
  end
  return table.concat(out)
end
local function userKey(u)
  local hex = string.sub(redis.sha1hex(u), 1, ${USER_DIGEST_BYTES * 2})
  return (string.gsub(hex, '..', function(h) return string.char(tonumber(h, 16)) end))
end
local function member(uk, expiresAt, id) return uk .. bytes(tonumber(expiresAt), ${EXPIRY_BYTES}) .. string.sub(id, TAG + 1) end
local function tagOf(idx) return string.match(idx, '{([^{}]*)}:u$') end
local function skey(prefix, id) return prefix .. string.sub(id, TAG + 1) end
local function created(f) return tonumber(f[F_CREATED_AT], 36) end
local function recordMember(f, id) return member(userKey(f[F_USER_ID]), created(f) + tonumber(f[F_EXPIRES_AT], 36), id) end
local function userRange(uk) return '[' .. uk, '(' .. uk .. '\\255' end
-- Drops the user's entries whose expiry has passed: O(log n + dropped), never a walk.
local function prune(idx, uk, now)
  redis.call('ZREMRANGEBYLEX', idx, '[' .. uk, '(' .. uk .. bytes(tonumber(now) + 1, ${EXPIRY_BYTES}))
end
-- Entries of the earlier layout (<userId>\\31<createdAt>\\31<id>) are rewritten in this one the first
-- time their user's range is read; an empty old range costs one lookup.
local function adopt(idx, u, prefix)
  local tag = tagOf(idx)
  for _, m in ipairs(redis.call('ZRANGEBYLEX', idx, '[' .. u .. '\\31', '(' .. u .. ' ')) do
    local id = tag .. string.match(m, '\\31([^\\31]*)$')
    local cur = redis.call('GET', skey(prefix, id))
    if cur then redis.call('ZADD', idx, 0, recordMember(fields(cur), id)) end
    redis.call('ZREM', idx, m)
  end
end
-- The user's sessions, oldest first. Entries whose record is gone are dropped; entries of another
-- user with the same digest are skipped (exact match on the record's user id).
local function live(idx, u, prefix)
  local tag = tagOf(idx)
  local out = {}
  local lo, hi = userRange(userKey(u))
  for _, m in ipairs(redis.call('ZRANGEBYLEX', idx, lo, hi)) do
    local id = tag .. string.sub(m, ID_AT)
    local cur = redis.call('GET', skey(prefix, id))
    if not cur then
      redis.call('ZREM', idx, m)
    else
      local f = fields(cur)
      if f[F_USER_ID] == u then table.insert(out, {m = m, id = id, created = created(f), value = cur}) end
    end
  end
  table.sort(out, function(a, b)
    if a.created ~= b.created then return a.created < b.created end
    return a.id < b.id
  end)
  return out
end
local function extend(idx, at)
  local t = redis.call('PEXPIRETIME', idx)
  if t >= 0 and t < tonumber(at) or t == -1 then redis.call('PEXPIREAT', idx, at) end
end
`;
