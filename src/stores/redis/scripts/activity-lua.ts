// Lua that appends to a user's activity log (a Redis list, newest first) inside the script of
// the change it records, so the entry costs no round trip of its own. The log's key shares the
// user's hash tag (see RedisKeys.activity). A script that logs passes the log's key as its last
// KEYS entry and the arguments of activityArgs() (activity-codec.ts) from ARGV[A] on.
//
// Each write: LINDEX (last seq), LPUSH, LTRIM (count bound), LINDEX/RPOP from the tail while
// the oldest entry is past the age bound, PEXPIRE (a user who stays away keeps no log). The
// new-device check reads the kept entries once (LRANGE, at most maxEntries).
export const ACTIVITY_LUA = `
local function actClean(s) return (string.gsub(s, '%c', '')) end
-- The device name and IP of a session record, for entries about deleted sessions.
local function actMeta(cur)
  local m = record(cur).f[F_META]
  if m == '' then return '', '' end
  local ok, t = pcall(cjson.decode, m)
  if not ok or type(t) ~= 'table' then return '', '' end
  local d = type(t.device) == 'string' and actClean(t.device) or ''
  local ip = type(t.ip) == 'string' and actClean(t.ip) or ''
  return d, ip
end
-- True when the kept log has sign-ins (entries with a network) and none from this device+network.
-- One pattern match per entry (time, network, device), no table per entry: the log is read whole.
local ACT_PICK = '^%d+\\31(%d+)\\31[^\\31]*\\31[^\\31]*\\31[^\\31]*\\31[^\\31]*\\31([^\\31]*)\\31[^\\31]*\\31([^\\31]*)'
local function actUnseen(key, device, network, since)
  local known = false
  for _, e in ipairs(redis.call('LRANGE', key, 0, -1)) do
    local at, net, dev = string.match(e, ACT_PICK)
    if net and net ~= '' and tonumber(at) >= since then
      if net == network and dev == device then return false end
      known = true
    end
  end
  return known
end
-- Appends the write that starts at ARGV[A] to the log at key. deleted: {id, value} of the sessions
-- the change removed. Returns whether the unseen entry was appended.
local function actWrite(key, A, deleted)
  local since = tonumber(ARGV[A + 2])
  local isNew = ARGV[A + 5] ~= '' and actUnseen(key, ARGV[A + 6], ARGV[A + 7], since)
  local head = redis.call('LINDEX', key, 0)
  local seq = head and tonumber(string.match(head, '^(%d+)')) or 0
  local function push(body)
    seq = seq + 1
    redis.call('LPUSH', key, seq .. '\\31' .. body)
  end
  if ARGV[A + 4] ~= '' then
    for _, d in ipairs(deleted) do
      local device, ip = actMeta(d.value)
      push(ARGV[A + 4] .. d.id .. '\\31' .. device .. '\\31' .. ip)
    end
  end
  for i = A + 8, #ARGV do push(ARGV[i]) end
  if isNew then push(ARGV[A + 5]) end
  redis.call('LTRIM', key, 0, tonumber(ARGV[A + 1]) - 1)
  while true do
    local tail = redis.call('LINDEX', key, -1)
    if not tail or tonumber(string.match(tail, '^%d+\\31(%d+)')) >= since then break end
    redis.call('RPOP', key)
  end
  redis.call('PEXPIRE', key, ARGV[A + 3])
  return isNew
end
-- Whether this run carries a write starting at ARGV[A].
local function actGiven(A) return #ARGV >= A + 7 end
`;
