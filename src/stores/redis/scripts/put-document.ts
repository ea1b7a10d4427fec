import { defineScript, flag } from '../script.js';

export interface PutDocumentInput {
  name: string;
  value: string;
  expectedVersion: number | null;
  ttlSeconds: number | undefined;
}

/**
 * KEYS: document. ARGV: expected version ('' = must be absent), value, ttl seconds (0 = none).
 * Reply: 1 when written, 0 on a version mismatch.
 */
const LUA = `
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

export const putDocumentScript = defineScript<PutDocumentInput, boolean>({
  name: 'putDocument',
  lua: LUA,
  keys: (keys, { name }) => [keys.document(name)],
  args: ({ expectedVersion, value, ttlSeconds }) => [
    expectedVersion === null ? '' : String(expectedVersion),
    value,
    String(ttlSeconds ?? 0),
  ],
  parse: (reply) => flag('putDocument', reply),
});
