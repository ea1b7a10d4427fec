// coatcheck on a Redis set up as managed services are: an ACL user limited to its key prefix and
// the commands it sends, and TLS with a certificate from a private CA. The whole store contract
// runs as that user, over plain TCP and over TLS; users without the rights fail at start-up.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { runStoreContract, sampleSession } from '../../src/testing/index.js';
import { runCli } from '../helpers/cli.js';
import {
  aclUser,
  type Certificates,
  coatcheckAclRules,
  makeCertificates,
  tlsServer,
} from '../helpers/redis-secure.js';
import { RedisFleet } from '../helpers/redis-servers.js';

const fleet = new RedisFleet();
const certsDir = mkdtempSync(join(tmpdir(), 'coatcheck-tls-'));
const PREFIX = `m:${randomUUID().slice(0, 8)}:`;
const PASSWORD = randomBytes(18).toString('base64url');
let server: { port: number; tlsPort: number };
let certs: Certificates;

beforeAll(async () => {
  certs = await makeCertificates(certsDir);
  server = await tlsServer(fleet, certs);
  await aclUser(server.port, 'coatcheck', PASSWORD, coatcheckAclRules(PREFIX));
});
afterAll(async () => {
  await fleet.stop();
  rmSync(certsDir, { recursive: true, force: true });
});

const plainUrl = (user: string) => `redis://${user}:${PASSWORD}@127.0.0.1:${server.port}`;
const tlsUrl = (user: string) => `rediss://${user}:${PASSWORD}@127.0.0.1:${server.tlsPort}`;
const runner = { describe, it, beforeAll, afterAll };

// Reads under the prefix, but none of the commands the store's scripts send.
const READER_RULES = ['resetkeys', `~${PREFIX}*`, '-@all', '+get', '+hmget', '+ping'];

describe('TLS: a server certificate from a CA the process does not trust', () => {
  it('is refused: the store does not open', async () => {
    const opened = RedisStore.connect({ connection: { url: tlsUrl('coatcheck') }, prefix: PREFIX });
    await expect(opened).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
      message: expect.stringMatching(/certificate/),
    });
  });
});

runStoreContract(
  'redis, least-privilege ACL user',
  () => RedisStore.connect({ connection: { url: plainUrl('coatcheck') }, prefix: PREFIX }),
  runner,
);

runStoreContract(
  'redis over TLS (rediss://, private CA), least-privilege ACL user',
  () => {
    // What NODE_EXTRA_CA_CERTS=<ca file> does for `coatcheck serve`, here inside the test process.
    setDefaultCACertificates([...getCACertificates('default'), readFileSync(certs.ca, 'utf8')]);
    return RedisStore.connect({ connection: { url: tlsUrl('coatcheck') }, prefix: PREFIX });
  },
  runner,
);

describe('coatcheck doctor with the ACL user', () => {
  const env = () => ({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    COATCHECK_SECRETS: Keyring.generateSecret('k1'),
    NODE_EXTRA_CA_CERTS: certs.ca,
  });
  const doctor = async (store: string) => {
    const { code, out } = await runCli(['doctor', '--json', '--store', store], env());
    return {
      code,
      report: JSON.parse(out) as { ok: boolean; checks: { check: string; ok: boolean; detail: string }[] },
    };
  };

  it('passes over TLS with the CA file given as NODE_EXTRA_CA_CERTS', async () => {
    const { code, report } = await doctor(`${tlsUrl('coatcheck')}?prefix=${PREFIX}`);
    expect(report.checks.find((c) => c.check === 'store')).toMatchObject({ ok: true });
    expect(code).toBe(0);
  });

  it('fails at start-up for a user whose keys are not the prefix', async () => {
    await aclUser(server.port, 'elsewhere', PASSWORD, coatcheckAclRules('other:'));
    const { code, report } = await doctor(`${plainUrl('elsewhere')}?prefix=${PREFIX}`);
    expect(code).toBe(1);
    const store = report.checks.find((c) => c.check === 'store');
    expect(store).toMatchObject({ ok: false });
    expect(store?.detail).toMatch(/NOPERM/);
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  });

  it('fails at start-up for a wrong password, naming the refusal but not the password', async () => {
    const wrong = `redis://coatcheck:not-${PASSWORD}@127.0.0.1:${server.port}?prefix=${PREFIX}`;
    const { code, report } = await doctor(wrong);
    expect(code).toBe(1);
    expect(report.checks.find((c) => c.check === 'store')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^ERR_STORE_UNAVAILABLE: .*WRONGPASS/),
    });
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  });

  it('fails at start-up for a user with the prefix but without the script commands', async () => {
    await aclUser(server.port, 'reader', PASSWORD, READER_RULES);
    const { code, report } = await doctor(`${plainUrl('reader')}?prefix=${PREFIX}`);
    expect(code).toBe(1);
    expect(report.checks.find((c) => c.check === 'store')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/NOPERM/),
    });
  });
});

describe('a user with the prefix but without the script commands', () => {
  it('can read, but its first write fails with NOPERM and writes nothing', async () => {
    await aclUser(server.port, 'reader', PASSWORD, READER_RULES);
    const admin = await RedisStore.connect({ connection: { url: plainUrl('coatcheck') }, prefix: PREFIX });
    const reader = await RedisStore.connect({ connection: { url: plainUrl('reader') }, prefix: PREFIX });
    try {
      expect(await reader.getDocument('health')).toBeNull();
      const session = sampleSession();
      await expect(reader.create(session)).rejects.toThrow(/NOPERM/);
      expect(await admin.get(session.id)).toBeNull();
    } finally {
      await Promise.all([reader.close(), admin.close()]);
    }
  });
});
