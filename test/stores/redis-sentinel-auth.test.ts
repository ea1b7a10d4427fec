// Sentinel as managed set-ups run it: the sentinels want a password of their own, the data nodes
// another, and the application signs in to the data nodes as a least-privilege ACL user. The whole
// store contract passes through it; a wrong password of either kind stops the start with a typed
// error that names where, never the password.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { runStoreContract } from '../../src/testing/index.js';
import { runCli } from '../helpers/cli.js';
import { coatcheckAclRules } from '../helpers/redis-secure.js';
import { authed, type SecuredSentinel, securedSentinelGroup } from '../helpers/redis-sentinel-secure.js';
import { RedisFleet } from '../helpers/redis-servers.js';

const fleet = new RedisFleet();
const PREFIX = `s:${randomUUID().slice(0, 8)}:`;
const secret = () => randomBytes(18).toString('base64url');
const PASSWORDS = { admin: secret(), sentinel: secret(), app: secret() };
let group: SecuredSentinel;

beforeAll(async () => {
  group = await securedSentinelGroup(fleet, { admin: PASSWORDS.admin, sentinel: PASSWORDS.sentinel });
  const rules = coatcheckAclRules(PREFIX);
  const reply = await authed(group.primary.port, PASSWORDS.admin, [
    ...['ACL', 'SETUSER', 'coatcheck', 'reset', 'on', `>${PASSWORDS.app}`],
    ...rules,
  ]);
  expect(reply[0]).toBe('OK');
});
afterAll(() => fleet.stop());

const connection = (sentinelPassword: string, appPassword = PASSWORDS.app) => ({
  sentinel: {
    name: group.name,
    nodes: group.sentinels,
    auth: { username: 'coatcheck', password: appPassword },
    sentinelAuth: { password: sentinelPassword },
  },
});

runStoreContract(
  'redis sentinel with a password, data nodes as a least-privilege ACL user',
  () => RedisStore.connect({ connection: connection(PASSWORDS.sentinel), prefix: PREFIX }),
  { describe, it, beforeAll, afterAll },
);

describe('start-up errors of a password-protected Sentinel', () => {
  const opening = (c: ReturnType<typeof connection>) =>
    RedisStore.connect({ connection: c, prefix: PREFIX, connectTimeoutMs: 1500 }).then(
      () => {
        throw new Error('the store opened');
      },
      (error: unknown) => error as Error & { code?: string },
    );

  it('a wrong sentinel password: ERR_STORE_UNAVAILABLE naming the sentinels, not the password', async () => {
    const wrong = `not-${PASSWORDS.sentinel}`;
    const error = await opening(connection(wrong));
    expect(error.code).toBe('ERR_STORE_UNAVAILABLE');
    for (const s of group.sentinels) expect(error.message).toContain(`127.0.0.1:${s.port}`);
    expect(error.message).toMatch(/: WRONGPASS .*\(check the sentinels' own password: sentinelAuth\)$/);
    for (const p of [wrong, PASSWORDS.sentinel, PASSWORDS.app]) expect(error.message).not.toContain(p);
  });

  it('no sentinel password at all: the refusal says authentication is required', async () => {
    const c = connection(PASSWORDS.sentinel);
    const { sentinelAuth: _, ...withoutAuth } = c.sentinel;
    const error = await opening({ sentinel: withoutAuth } as ReturnType<typeof connection>);
    expect(error.code).toBe('ERR_STORE_UNAVAILABLE');
    expect(error.message).toMatch(/: NOAUTH .*\(check the sentinels' own password: sentinelAuth\)$/);
  });

  it('the right sentinel password, a wrong data-node password: the refusal, no password', async () => {
    const wrong = `not-${PASSWORDS.app}`;
    const error = await opening(connection(PASSWORDS.sentinel, wrong));
    expect(error.code).toBe('ERR_STORE_UNAVAILABLE');
    expect(error.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${group.primary.port}\\): WRONGPASS `));
    expect(error.message).toMatch(/\(check the data nodes' user and password: auth\)$/);
    for (const p of [wrong, PASSWORDS.sentinel, PASSWORDS.app]) expect(error.message).not.toContain(p);
  });
});

describe('coatcheck doctor on the password-protected Sentinel (COATCHECK_REDIS_* settings)', () => {
  const doctor = async (sentinelPassword: string) => {
    const store = `redis-sentinel://${group.sentinels.map((n) => `${n.host}:${n.port}`).join(',')}/${group.name}?prefix=${PREFIX}`;
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      COATCHECK_SECRETS: Keyring.generateSecret('k1'),
      COATCHECK_REDIS_SENTINEL_PASSWORD: sentinelPassword,
      COATCHECK_REDIS_USERNAME: 'coatcheck',
      COATCHECK_REDIS_PASSWORD: PASSWORDS.app,
    };
    const { code, out, err } = await runCli(['doctor', '--json', '--store', store], env);
    const report = JSON.parse(out) as { checks: { check: string; ok: boolean; detail: string }[] };
    return { code, out: out + err, store: report.checks.find((c) => c.check === 'store') };
  };

  it('passes with the right passwords', async () => {
    const { code, store } = await doctor(PASSWORDS.sentinel);
    expect(store).toMatchObject({ ok: true, detail: expect.stringMatching(/^redis read and ran a script/) });
    expect(code).toBe(0);
  });

  it('fails at start-up for a wrong sentinel password, naming host:port, never a password', async () => {
    const wrong = `not-${PASSWORDS.sentinel}`;
    const { code, out, store } = await doctor(wrong);
    expect(code).toBe(1);
    expect(store).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^ERR_STORE_UNAVAILABLE: .*127\.0\.0\.1:\d+.*WRONGPASS.*sentinelAuth/),
    });
    for (const p of [wrong, PASSWORDS.sentinel, PASSWORDS.app]) expect(out).not.toContain(p);
  });
});
