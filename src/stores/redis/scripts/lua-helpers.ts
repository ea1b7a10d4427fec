// Lua shared by the session scripts. Field positions, the record's flags, the number alphabet and
// the routing-tag length are generated from the codec and the token format, so the Lua and the
// TypeScript cannot drift apart.
//
// Index members are binary and fixed-size, whatever the user id's length:
//   8 bytes of SHA-1(userId) | expiresAt, 6 bytes big-endian ms | the id without its routing tag
// (32 bytes), so a per-user index stays a compact listpack (`zset-max-listpack-value` is 64).
// One user's entries are one lexical range (all scores are 0), ordered by expiry, so the dead ones
// are one ZREMRANGEBYLEX away. The digest only narrows the range: every script checks the record's
// full user id before it lists, counts or deletes a session, so another user whose digest collides
// is never touched. SHA-1 here is a spreading function, not a security boundary.
import { ROUTE_TAG_LENGTH } from '../../../session-id/route-tag.js';
import { FLAGS_BASE, HEAD_FIELDS, MAX_FLAGS, RAW_HASH } from '../codec.js';
import { LEGACY_FIELDS } from '../codec-legacy.js';
import { DIGITS } from '../number-text.js';

const constant = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
const fieldConstants = HEAD_FIELDS.map((name, i) => `local F_${constant(name)} = ${i + 1}`).join('\n');
// Reading a record of the earlier layout: text fields at their old positions, numbers in base 36.
const legacyHead = HEAD_FIELDS.map((name) => {
  const at = LEGACY_FIELDS.indexOf(name) + 1;
  const text = name === 'userId' || name === 'meta';
  return `f[F_${constant(name)}] = ${text ? `old[${at}]` : `txt(b36num(old[${at}]))`}`;
}).join('\n    ');

/** Bytes of the user digest at the start of a member. */
export const USER_DIGEST_BYTES = 8;
/** Bytes of the big-endian expiry after it. */
export const EXPIRY_BYTES = 6;

export const LUA_HELPERS = `
${fieldConstants}
local HEAD_COUNT = ${HEAD_FIELDS.length}
local FLAGS_BASE = ${FLAGS_BASE}
local TAG = ${ROUTE_TAG_LENGTH}
local ID_AT = ${USER_DIGEST_BYTES + EXPIRY_BYTES + 1}
local DIGITS = '${DIGITS}'
local function num(s)
  local neg, n = string.sub(s, 1, 1) == '-', 0
  for i = neg and 2 or 1, #s do n = n * 62 + string.find(DIGITS, string.sub(s, i, i), 1, true) - 1 end
  return neg and -n or n
end
local function txt(n)
  local out, neg = '', n < 0
  if neg then n = -n end
  while n > 0 do
    local d = n % 62
    out = string.sub(DIGITS, d + 1, d + 1) .. out
    n = (n - d) / 62
  end
  return (neg and '-' or '') .. out
end
local function b36num(s)
  if string.sub(s, 1, 1) == '-' then return -tonumber(string.sub(s, 2), 36) end
  return tonumber(s, 36)
end
local function b36(n)
  local digits, out = '0123456789abcdefghijklmnopqrstuvwxyz', ''
  repeat
    local d = n % 36
    out = string.sub(digits, d + 1, d + 1) .. out
    n = (n - d) / 36
  until n == 0
  return out
end
-- A record as {f = head fields, flags, hash = hash part, data = data part}. A record of the earlier
-- all-text layout is read into the same shape (hash and data as text), so a write rewrites it.
local function record(cur)
  local flags = string.byte(cur, 1) - FLAGS_BASE
  local f = {}
  if flags >= 0 and flags <= ${MAX_FLAGS} then
    local at = 2
    for i = 1, HEAD_COUNT do
      local e = string.find(cur, '\\31', at, true)
      f[i] = string.sub(cur, at, e - 1)
      at = e + 1
    end
    local last = (flags % 2 == ${RAW_HASH}) and at + 31 or at + string.byte(cur, at)
    return {f = f, flags = flags, hash = string.sub(cur, at, last), data = string.sub(cur, last + 1)}
  end
  local old = {}
  for x in string.gmatch(cur .. '\\31', '([^\\31]*)\\31') do table.insert(old, x) end
  ${legacyHead}
  local hash = old[${LEGACY_FIELDS.indexOf('secretHash') + 1}]
  return {f = f, flags = 0, hash = string.char(#hash) .. hash, data = old[${LEGACY_FIELDS.indexOf('data') + 1}]}
end
local function serialize(r)
  return string.char(FLAGS_BASE + r.flags) .. table.concat(r.f, '\\31') .. '\\31' .. r.hash .. r.data
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
local function created(f) return num(f[F_CREATED_AT]) end
local function recordMember(f, id) return member(userKey(f[F_USER_ID]), created(f) + num(f[F_EXPIRES_AT]), id) end
local function legacyMember(f, id)
  local c36 = b36(created(f))
  return f[F_USER_ID] .. '\\31' .. string.rep('0', 9 - #c36) .. c36 .. '\\31' .. string.sub(id, TAG + 1)
end
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
    if cur then redis.call('ZADD', idx, 0, recordMember(record(cur).f, id)) end
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
      local f = record(cur).f
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
