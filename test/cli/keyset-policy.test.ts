// The signing keyset's policy lives in the keyset document, and the CLI follows it (SECURITY.md
// L3): on the store of an app that signs ES256 access tokens of one hour, `keys list` and `doctor`
// leave the document byte for byte as it was, `keys list` shows the key the app's tokens still
// need, and `keys rotate` adds an ES256 key without dropping that one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';
import { KEYSET_DOCUMENT, type SigningKeyset } from '../../src/keys/signing/keyset.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { runCli } from '../helpers/cli.js';
import { recordSecret } from '../helpers/log-capture.js';
import { decodeJws, tokenSetup } from '../helpers/tokens.js';

const dir = mkdtempSync(join(tmpdir(), 'coatcheck-keyset-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, 'sessions.db');
const secrets = Keyring.generateSecret('k1');
recordSecret(secrets);
const env = { ...process.env, NODE_ENV: 'test', COATCHECK_SECRETS: secrets };
const cli = (...args: string[]) => runCli([...args, '--store', `sqlite:${path}`, '--data-dir', dir], env);

/** The keyset document exactly as the store holds it. */
function storedKeyset(): { value: string; version: number } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db
      .prepare('SELECT value, version FROM coatcheck_documents WHERE name = ?')
      .get(KEYSET_DOCUMENT) as {
      value: string;
      version: number;
    };
  } finally {
    db.close();
  }
}

describe('the CLI follows the keyset policy stored by the app (L3)', () => {
  it('keys list and doctor write nothing and show what the app trusts; keys rotate keeps its algorithm and keys', async () => {
    // The app: ES256, one-hour access tokens. Its clock starts 20 minutes ago, so the key it
    // retires below stopped signing 10 minutes ago: its tokens are still valid for 50 minutes.
    const clock = new ManualClock(Date.now() - 20 * 60_000);
    const store = new SqliteStore({ path, clock, cleanupIntervalSeconds: 0 });
    const app = tokenSetup({
      store,
      clock,
      secrets,
      algorithm: 'ES256',
      accessTokenTtl: '1h',
      keyCacheTtl: 0,
    });
    const { session } = await app.sessions.create({ userId: 'alice' });
    const early = decodeJws((await app.tokens.issueAccessToken(session)).accessToken).header.kid as string;
    clock.advance(10 * 60);
    const signing = await app.tokens.rotateKeys({ immediate: true });
    await store.close();
    const before = storedKeyset();
    expect((JSON.parse(before.value) as SigningKeyset).policy).toMatchObject({ alg: 'ES256' });

    const listed = await cli('keys', 'list', '--json');
    expect(listed.code, listed.err).toBe(0);
    const keys = (JSON.parse(listed.out) as { signing: { kid: string; alg: string }[] }).signing;
    expect(keys.map((k) => k.kid).sort()).toEqual([early, signing].sort());
    expect(keys.every((k) => k.alg === 'ES256')).toBe(true);
    const doctor = await cli('doctor', '--json');
    expect(doctor.code, doctor.out).toBe(0);
    expect(storedKeyset()).toEqual(before);

    // A writing command applies the stored policy, not the CLI's own defaults (EdDSA, 5 minutes).
    const rotated = await cli('keys', 'rotate', '--json');
    expect(rotated.code, rotated.err).toBe(0);
    const after = JSON.parse(storedKeyset().value) as SigningKeyset;
    expect(after.keys.map((k) => k.alg)).toEqual(['ES256', 'ES256', 'ES256']);
    expect(after.keys.map((k) => k.kid)).toContain(early);
    expect(after.policy).toEqual((JSON.parse(before.value) as SigningKeyset).policy);
  });
});
