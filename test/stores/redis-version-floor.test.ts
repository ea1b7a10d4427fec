// Redis 7.0 is the oldest Redis coatcheck supports. Every command the store sends (the
// least-privilege ACL list, which test/stores/redis-managed.test.ts proves complete: the whole
// contract passes as a user allowed those commands alone) and every command option it uses must
// exist in 7.0, whatever Redis the tests run on. The server's own COMMAND DOCS says since when.
import { describe, expect, inject, it } from 'vitest';
import { coatcheckAclRules } from '../helpers/redis-secure.js';
import { cli, field } from '../helpers/redis-servers.js';

const FLOOR = [7, 0, 0];
// Options of SET the store's scripts and families.ts pass (PXAT: expiry as a time; KEEPTTL on data updates).
const OPTIONS: [command: string, token: string][] = [
  ['set', 'PXAT'],
  ['set', 'KEEPTTL'],
  ['set', 'NX'],
];

const port = () => Number(new URL(inject('redis').standalone).port);
const atMostFloor = (version: string) => {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((parts[i] ?? 0) !== FLOOR[i]) return (parts[i] ?? 0) < (FLOOR[i] ?? 0);
  return true;
};

describe('Redis 7.0 is enough', () => {
  const commands = coatcheckAclRules('x:')
    .filter((rule) => rule.startsWith('+'))
    .map((rule) => rule.slice(1));

  it('the test server is 7.0 or later (COMMAND DOCS exists from 7.0)', async () => {
    const version = (await cli(port(), 'INFO', 'server')).find((l) => l.startsWith('redis_version:'));
    expect(version).toMatch(/^redis_version:(7|8|9)\./);
  });

  it('every command the store sends exists since 7.0.0 or earlier', async () => {
    expect(commands).toContain('pexpiretime'); // the one that makes 7.0 the floor
    const since = await Promise.all(
      commands.map(async (c) => [c, field(await cli(port(), 'COMMAND', 'DOCS', c), 'since')] as const),
    );
    const newer = since.filter(([, v]) => !v || !atMostFloor(v));
    expect(newer).toEqual([]);
    expect(since.find(([c]) => c === 'pexpiretime')?.[1]).toBe('7.0.0');
  });

  it('every command option the store uses exists since 7.0.0 or earlier', async () => {
    for (const [command, token] of OPTIONS) {
      const docs = await cli(port(), 'COMMAND', 'DOCS', command);
      const at = docs.findIndex((line, i) => line === token && docs[i - 1] === 'token');
      expect(at, `${command} ${token}`).toBeGreaterThan(0);
      const version = docs.slice(at).find((_, i, rest) => rest[i - 1] === 'since') ?? '';
      expect(atMostFloor(version), `${command} ${token} since ${version}`).toBe(true);
    }
  });
});
