// rediss:// with the CA given to the store itself (`tls.ca`, or COATCHECK_REDIS_CA_FILE for the
// service) rather than to the whole process, and a client certificate for servers that ask for one
// (`tls-auth-clients yes`). The CA is private (made by openssl), so nothing else trusts it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { runStoreContract, sampleSession } from '../../src/testing/index.js';
import { runCli } from '../helpers/cli.js';
import { type Certificates, makeCertificates, tlsServer } from '../helpers/redis-secure.js';
import { freePort, RedisFleet } from '../helpers/redis-servers.js';

const fleet = new RedisFleet();
const certsDir = mkdtempSync(join(tmpdir(), 'coatcheck-tls-options-'));
const PREFIX = `tls:${randomUUID().slice(0, 8)}:`;
let certs: Certificates;
let pem: { ca: string; cert: string; key: string };
let open: { tlsPort: number }; // asks for no client certificate
let mutual: { tlsPort: number }; // asks for one signed by the CA

beforeAll(async () => {
  certs = await makeCertificates(certsDir);
  pem = {
    ca: readFileSync(certs.ca, 'utf8'),
    cert: readFileSync(certs.cert, 'utf8'),
    key: readFileSync(certs.key, 'utf8'),
  };
  const mutualPort = await freePort();
  const tlsArgs = [
    '--tls-cert-file',
    certs.cert,
    '--tls-key-file',
    certs.key,
    '--tls-ca-cert-file',
    certs.ca,
  ];
  [open, mutual] = await Promise.all([
    tlsServer(fleet, certs),
    fleet
      .server(['--tls-port', String(mutualPort), ...tlsArgs, '--tls-auth-clients', 'yes'])
      .then(() => ({ tlsPort: mutualPort })),
  ]);
});
afterAll(async () => {
  await fleet.stop();
  rmSync(certsDir, { recursive: true, force: true });
});

const url = (port: number) => `rediss://127.0.0.1:${port}`;
const connect = (connection: Parameters<typeof RedisStore.connect>[0]['connection']) =>
  RedisStore.connect({ connection, prefix: PREFIX, connectTimeoutMs: 1500 });

describe('rediss:// and a private CA', () => {
  it('without the CA, the certificate is refused', async () => {
    await expect(connect({ url: url(open.tlsPort) })).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
      message: expect.stringMatching(/certificate/),
    });
  });

  it('TLS options on a redis:// URL are refused as configuration, not ignored', async () => {
    await expect(connect({ url: 'redis://127.0.0.1:6379', tls: { ca: pem.ca } })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringMatching(/rediss:\/\//),
    });
    await expect(
      connect({ url: url(mutual.tlsPort), tls: { ca: pem.ca, cert: pem.cert } }),
    ).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
    });
  });
});

runStoreContract(
  'redis over TLS with the CA as a store option (tls.ca)',
  () => connect({ url: url(open.tlsPort), tls: { ca: pem.ca } }),
  {
    describe,
    it,
    beforeAll,
    afterAll,
  },
);

describe('a server that asks for a client certificate', () => {
  it('refuses a client without one', async () => {
    await expect(connect({ url: url(mutual.tlsPort), tls: { ca: pem.ca } })).rejects.toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
    });
  });

  it('serves a client with one signed by its CA', async () => {
    const store = await connect({ url: url(mutual.tlsPort), tls: pem });
    try {
      const session = sampleSession();
      await store.create(session);
      expect(await store.get(session.id)).toEqual(session);
    } finally {
      await store.close();
    }
  });
});

describe('coatcheck doctor with COATCHECK_REDIS_CA_FILE (no NODE_EXTRA_CA_CERTS)', () => {
  const doctor = async (port: number, files: Record<string, string>) => {
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      COATCHECK_SECRETS: Keyring.generateSecret('k1'),
      ...files,
    };
    const { code, out } = await runCli(['doctor', '--json', '--store', `${url(port)}?prefix=${PREFIX}`], env);
    const report = JSON.parse(out) as { checks: { check: string; ok: boolean; detail: string }[] };
    return { code, store: report.checks.find((c) => c.check === 'store') };
  };

  it('passes with the CA file, and with the client certificate files where the server asks', async () => {
    expect(await doctor(open.tlsPort, { COATCHECK_REDIS_CA_FILE: certs.ca })).toMatchObject({
      code: 0,
      store: { ok: true },
    });
    const client = { COATCHECK_REDIS_CERT_FILE: certs.cert, COATCHECK_REDIS_KEY_FILE: certs.key };
    expect(await doctor(mutual.tlsPort, { COATCHECK_REDIS_CA_FILE: certs.ca, ...client })).toMatchObject({
      code: 0,
      store: { ok: true },
    });
  });

  it('fails at start-up without the CA file, and for a CA file that is not there', async () => {
    expect(await doctor(open.tlsPort, {})).toMatchObject({
      code: 1,
      store: { ok: false, detail: expect.stringMatching(/certificate/) },
    });
    const missing = join(certsDir, 'missing.pem');
    expect(await doctor(open.tlsPort, { COATCHECK_REDIS_CA_FILE: missing })).toMatchObject({
      code: 1,
      store: {
        ok: false,
        detail: `ERR_CONFIG_INVALID: COATCHECK_REDIS_CA_FILE: cannot read ${missing} (ENOENT)`,
      },
    });
  });
});
