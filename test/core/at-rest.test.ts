import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeData, sealData, VERSIONS_PER_DATA_KEY } from '../../src/core/data-codec.js';
import { Keyring } from '../../src/keys/keyring.js';
import { createSealer } from '../../src/keys/sealer.js';
import { aesGcmDecrypt } from '../../src/lib/crypto.js';
import { fromBase64Url, utf8 } from '../../src/lib/encoding.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { setup } from '../helpers/manager.js';

// Session data as it was sealed before a key per session: under the secret's own data key.
const perSecret = createSealer({ purpose: 'data', prefix: '$e1.', label: 'data', failure: 'x' });
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-at-rest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dumpDatabase(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return JSON.stringify(db.prepare('SELECT * FROM coatcheck_sessions').all());
  } finally {
    db.close();
  }
}

describe('what the store holds', () => {
  it('a dump of the store contains no usable token', async () => {
    const path = join(dir, 'dump.db');
    const { manager, store } = setup({ store: new SqliteStore({ path }) });
    const issued = await Promise.all(['alice', 'bob', 'carol'].map((userId) => manager.create({ userId })));
    await store.close();
    const dump = dumpDatabase(path) + readFileSync(path).toString('latin1');
    const rows = JSON.parse(dumpDatabase(path)) as { id: string; secret_hash: string }[];
    expect(rows).toHaveLength(3);
    const reopened = setup({ store: new SqliteStore({ path }), secrets: manager.options.keyring! });
    for (const { token, session } of issued) {
      expect(dump).not.toContain(token.split('.')[1]);
      const row = rows.find((r) => r.id === session.id)!;
      // Presenting what the dump holds logs no one in.
      expect((await reopened.manager.validate(`${row.id}.${row.secret_hash}`)).session).toBeNull();
      expect((await reopened.manager.validate(token)).session?.id).toBe(session.id);
    }
    await reopened.store.close();
  });

  it('encrypted data is unreadable in the store and readable after a key rotation', async () => {
    const path = join(dir, 'encrypted.db');
    const k1 = Keyring.generateSecret('k1');
    const first = setup({ store: new SqliteStore({ path }), secrets: k1 });
    const { token, session } = await first.manager.create({
      userId: 'alice',
      data: { diagnosis: 'confidential-xyz' },
    });
    await first.store.close();
    expect(dumpDatabase(path)).not.toContain('confidential-xyz');
    expect(dumpDatabase(path)).toContain('$e3.k1.');

    const rotated = setup({
      store: new SqliteStore({ path }),
      secrets: `${Keyring.generateSecret('k2')},${k1}`,
    });
    const read = await rotated.manager.validate(token);
    expect(read.session?.data).toEqual({ diagnosis: 'confidential-xyz' });
    await rotated.manager.setData(read.session!, { diagnosis: 'confidential-xyz', seen: true });
    await rotated.store.close();
    // Re-sealed with the newest key on its next write.
    expect(dumpDatabase(path)).toContain('$e3.k2.');
    expect(dumpDatabase(path)).not.toContain('$e3.k1.');

    const retired = setup({ store: new SqliteStore({ path }), secrets: Keyring.generateSecret('k3') });
    const result = await retired.manager.validate(token);
    expect(result.session === null && result.reason).toBe('decrypt-failed');
    expect(session.id).toBeTruthy();
    await retired.store.close();
  });

  it("data sealed under the secret's own data key ($e1) still opens, and its next write seals per session", async () => {
    const path = join(dir, 'before-scoped.db');
    const secrets = Keyring.generateSecret('k1');
    const first = setup({ store: new SqliteStore({ path }), secrets });
    const { token, session } = await first.manager.create({ userId: 'alice', data: { plan: 'pro' } });
    await first.store.close();
    // The row as a release before per-session keys wrote it: the same data, sealed per secret.
    const db = new DatabaseSync(path);
    const earlier = await perSecret.seal(Keyring.fromString(secrets), '{"plan":"pro"}', `${session.id}|1`);
    db.prepare('UPDATE coatcheck_sessions SET data = ? WHERE id = ?').run(earlier, session.id);
    db.close();
    expect(dumpDatabase(path)).toContain('$e1.k1.');
    const again = setup({ store: new SqliteStore({ path }), secrets });
    const read = await again.manager.validate(token);
    expect(read.session?.data).toEqual({ plan: 'pro' });
    await again.manager.setData(read.session!, { plan: 'team' });
    expect((await again.manager.validate(token)).session?.data).toEqual({ plan: 'team' });
    await again.store.close();
    expect(dumpDatabase(path)).toContain('$e3.k1.');
    expect(dumpDatabase(path)).not.toContain('$e1.');
  });

  it('dataKeyScope "secret" (a rolling upgrade) writes $e1, which the default then opens and re-seals', async () => {
    const path = join(dir, 'rolling.db');
    const secrets = Keyring.generateSecret('k1');
    const old = setup({ store: new SqliteStore({ path }), secrets, dataKeyScope: 'secret' });
    const { token } = await old.manager.create({ userId: 'alice', data: { step: 1 } });
    await old.store.close();
    expect(dumpDatabase(path)).toContain('$e1.k1.');
    const upgraded = setup({ store: new SqliteStore({ path }), secrets });
    const read = await upgraded.manager.validate(token);
    expect(read.session?.data).toEqual({ step: 1 });
    await upgraded.manager.setData(read.session!, { step: 2 });
    await upgraded.store.close();
    expect(dumpDatabase(path)).toContain('$e3.k1.');
    expect(() => setup({ secrets, dataKeyScope: 'user' as never })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
  });

  it("each session's data, and each run of 2^20 of its versions, is sealed under a key of its own", async () => {
    const { manager } = setup();
    const keyring = manager.options.keyring!;
    const options = { ...manager.options, encryptData: true };
    const atVersion = async (id: string, version: number) => {
      const sealed = await sealData(options, '{"n":1}', id, version);
      const [, kid, nonce, body] = sealed.split('.') as [string, string, string, string];
      const aad = utf8(`coatcheck:data:v3|${id}|${version}|${kid}`);
      return (scope: string) =>
        keyring
          .scoped('data', kid, scope)
          .then((key) => aesGcmDecrypt(key!, fromBase64Url(nonce)!, fromBase64Url(body)!, aad))
          .then(
            () => true,
            () => false,
          );
    };
    const v1 = await atVersion('sid-a', 1);
    expect([await v1('session:sid-a:0'), await v1('session:sid-b:0'), await v1('session:sid-a:1')]).toEqual([
      true,
      false,
      false,
    ]);
    const later = await atVersion('sid-a', VERSIONS_PER_DATA_KEY + 5);
    expect([await later('session:sid-a:0'), await later('session:sid-a:1')]).toEqual([false, true]);
    expect(
      await decodeData(options, await sealData(options, '{"n":2}', 'sid-a', 2 ** 20), 'sid-a', 2 ** 20),
    ).toEqual({
      n: 2,
    });
  });

  it('sealed data cannot be moved to another session', async () => {
    const path = join(dir, 'swap.db');
    const { manager, store } = setup({ store: new SqliteStore({ path }) });
    const alice = await manager.create({ userId: 'alice', data: { role: 'admin' } });
    const bob = await manager.create({ userId: 'bob', data: { role: 'user' } });
    await store.close();
    const db = new DatabaseSync(path);
    const aliceData = db
      .prepare('SELECT data FROM coatcheck_sessions WHERE id = ?')
      .get(alice.session.id) as {
      data: string;
    };
    db.prepare('UPDATE coatcheck_sessions SET data = ? WHERE id = ?').run(aliceData.data, bob.session.id);
    db.close();
    const again = setup({ store: new SqliteStore({ path }), secrets: manager.options.keyring! });
    const result = await again.manager.validate(bob.token);
    expect(result.session === null && result.reason).toBe('decrypt-failed');
    await again.store.close();
  });

  it('events never carry a token', async () => {
    const { manager, events } = setup();
    const tokens: string[] = [];
    const a = await manager.create({ userId: 'alice' }, { ip: '1.2.3.4', userAgent: 'ua', requestId: 'r1' });
    tokens.push(a.token);
    const b = await manager.regenerate(a.token);
    tokens.push(b.token);
    await manager.validate(a.token);
    await manager.validate(`${b.token.slice(0, -1)}${b.token.endsWith('A') ? 'Q' : 'A'}`);
    await manager.logout(b.token);
    const log = JSON.stringify(events);
    expect(events.length).toBeGreaterThanOrEqual(5);
    for (const token of tokens) {
      expect(log).not.toContain(token);
      expect(log).not.toContain(token.split('.')[1]);
    }
    expect(events[0]).toMatchObject({
      type: 'session.created',
      ip: '1.2.3.4',
      requestId: 'r1',
      userId: 'alice',
    });
  });
});
