// Lua scripts for sessions. Each runs atomically and touches only keys under one hash tag: a
// session key `<p>{<tag>}s<id without its tag>` and its tag group's index `<p>{<tag>}:u`. Index members are
// `<userId>\x1f<createdAt, 9 base-36 digits>\x1f<id without its tag>`, so one user's sessions are a lexical range in
// creation order (user ids cannot contain control characters). Session keys of the same tag are
// reached by prefix (ARGV), which is safe on a Cluster because they share the slot.

/** Shared helpers: field access on the \x1f-joined session string, index members, pruning. */
const HELPERS = `
local function fields(s)
  local out = {}
  for f in string.gmatch(s .. '\\31', '([^\\31]*)\\31') do table.insert(out, f) end
  return out
end
-- A member ends with the id without its 4-character tag: every id in an index carries that index's tag.
local function member(u, c36, id) return u .. '\\31' .. string.rep('0', 9 - #c36) .. c36 .. '\\31' .. string.sub(id, 5) end
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
-- The key of a session of this tag group: the prefix (ARGV) and the id without its tag.
local function skey(prefix, id) return prefix .. string.sub(id, 5) end
local function live(idx, lo, hi, prefix)
  local out = {}
  local tag = string.match(idx, '{([^{}]*)}:u$')
  for _, m in ipairs(redis.call('ZRANGEBYLEX', idx, lo, hi)) do
    local id = tag .. string.match(m, '\\31([^\\31]*)$')
    if redis.call('EXISTS', skey(prefix, id)) == 1 then table.insert(out, {m, id}) else redis.call('ZREM', idx, m) end
  end
  return out
end
local function extend(idx, at)
  local t = redis.call('PEXPIRETIME', idx)
  if t >= 0 and t < tonumber(at) or t == -1 then redis.call('PEXPIREAT', idx, at) end
end
`;

/** KEYS: session, index. ARGV: member, lo, hi, max, policy (r|e), expiresAt, absoluteExpiresAt, prefix, value. */
export const CREATE = `${HELPERS}
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
local max = tonumber(ARGV[4])
local evicted = {'created'}
-- Only a user near the limit pays for checking which entries are still live (O(their count));
-- the common create is O(1). Dead entries are pruned here and by every listing.
if max > 0 and redis.call('ZLEXCOUNT', KEYS[2], ARGV[2], ARGV[3]) >= max then
  local sessions = live(KEYS[2], ARGV[2], ARGV[3], ARGV[8])
  if #sessions >= max then
    if ARGV[5] == 'r' then return {'limit'} end
    for i = 1, #sessions - max + 1 do
      redis.call('DEL', skey(ARGV[8], sessions[i][2]))
      redis.call('ZREM', KEYS[2], sessions[i][1])
      table.insert(evicted, sessions[i][2])
    end
  end
end
redis.call('SET', KEYS[1], ARGV[9], 'PXAT', ARGV[6])
redis.call('ZADD', KEYS[2], 0, ARGV[1])
extend(KEYS[2], ARGV[7])
return evicted
`;

/** KEYS: session. ARGV: lastSeenAt (ms), expiresAt (ms). Update-only; times kept as offsets from createdAt. */
export const TOUCH = `${HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local f = fields(cur)
local created = tonumber(f[3], 36)
f[4] = b36(tonumber(ARGV[1]) - created)
f[5] = b36(tonumber(ARGV[2]) - created)
redis.call('SET', KEYS[1], table.concat(f, '\\31'), 'PXAT', ARGV[2])
return 1
`;

/** KEYS: session. ARGV: expected version (base 36), next version (base 36), data. Compare-and-set, update-only. */
export const UPDATE_DATA = `${HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur then return 'missing' end
local f = fields(cur)
if f[8] ~= ARGV[1] then return 'conflict' end
f[8] = ARGV[2]
f[10] = ARGV[3]
redis.call('SET', KEYS[1], table.concat(f, '\\31'), 'KEEPTTL')
return 'updated'
`;

/** KEYS: old session, new session, index. ARGV: old id, new member, expiresAt, absoluteExpiresAt, value. */
export const REPLACE = `${HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local f = fields(cur)
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], member(f[1], f[3], ARGV[1]))
redis.call('SET', KEYS[2], ARGV[5], 'PXAT', ARGV[3])
redis.call('ZADD', KEYS[3], 0, ARGV[2])
extend(KEYS[3], ARGV[4])
return 1
`;

/** KEYS: session, index. ARGV: id. Returns the deleted value, or false. */
export const DELETE = `${HELPERS}
local cur = redis.call('GET', KEYS[1])
if not cur then return false end
local f = fields(cur)
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], member(f[1], f[3], ARGV[1]))
return cur
`;

/** KEYS: index. ARGV: lo, hi, prefix. Returns {id, value, id, value, …} oldest first. */
export const LIST = `${HELPERS}
local out = {}
for _, s in ipairs(live(KEYS[1], ARGV[1], ARGV[2], ARGV[3])) do
  table.insert(out, s[2])
  table.insert(out, redis.call('GET', skey(ARGV[3], s[2])))
end
return out
`;

/** KEYS: index. ARGV: lo, hi, prefix, except id (or ''). Returns the deleted ids. */
export const DELETE_USER = `${HELPERS}
local out = {}
for _, s in ipairs(live(KEYS[1], ARGV[1], ARGV[2], ARGV[3])) do
  if s[2] ~= ARGV[4] then
    redis.call('DEL', skey(ARGV[3], s[2]))
    redis.call('ZREM', KEYS[1], s[1])
    table.insert(out, s[2])
  end
end
return out
`;
