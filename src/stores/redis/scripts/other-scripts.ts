// Lua scripts for refresh families and documents: single-key compare-and-set, update-only.

/** KEYS: family. ARGV: expected generation, expected graceUses, next JSON, expiresAt. */
export const UPDATE_FAMILY = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 'missing' end
local f = cjson.decode(cur)
if tostring(f.generation) ~= ARGV[1] or tostring(f.graceUses) ~= ARGV[2] then return 'conflict' end
redis.call('SET', KEYS[1], ARGV[3], 'PXAT', ARGV[4])
return 'updated'
`;

/** KEYS: document. ARGV: expected version ('' = must be absent), value, ttl seconds (0 = none). */
export const PUT_DOCUMENT = `
local n = redis.call('HGET', KEYS[1], 'n')
if ARGV[1] == '' then
  if n then return 0 end
elseif n ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'n', tostring((n and tonumber(n) or 0) + 1))
if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 1000) else redis.call('PERSIST', KEYS[1]) end
return 1
`;
