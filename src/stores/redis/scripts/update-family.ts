import type { StoredRefreshFamily, UpdateResult } from '../../types.js';
import { defineScript, oneOf } from '../script.js';

export interface UpdateFamilyInput {
  next: StoredRefreshFamily;
  expected: { generation: number; graceUses: number };
}

/**
 * KEYS: family. ARGV: expected generation, expected graceUses, next JSON, expiresAt.
 * Reply: 'updated' | 'conflict' | 'missing'. Compare-and-set, update-only.
 */
const LUA = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 'missing' end
local f = cjson.decode(cur)
if tostring(f.generation) ~= ARGV[1] or tostring(f.graceUses) ~= ARGV[2] then return 'conflict' end
redis.call('SET', KEYS[1], ARGV[3], 'PXAT', ARGV[4])
return 'updated'
`;

export const updateFamilyScript = defineScript<UpdateFamilyInput, UpdateResult>({
  name: 'updateFamily',
  lua: LUA,
  keys: (keys, { next }) => [keys.family(next.id)],
  args: ({ next, expected }) => [
    String(expected.generation),
    String(expected.graceUses),
    JSON.stringify(next),
    String(next.expiresAt),
  ],
  parse: (reply) => oneOf('updateFamily', ['updated', 'conflict', 'missing'], reply),
});
