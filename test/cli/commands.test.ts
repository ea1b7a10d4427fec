import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionManager, Keyring } from '../../src/index.js';
import { SqliteStore } from '../../src/stores/sqlite/index.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  ...process.env,
  NODE_ENV: 'test',
  COATCHECK_SECRETS: Keyring.generateSecret('k1'),
  COATCHECK_SERVICE_KEYS: `ck_${'x'.repeat(40)}`,
  COATCHECK_DEMO_PASSWORD: 'pw',
};
const cli = async (...args: string[]): Promise<{ code: number; out: string }> => {
  try {
    const { stdout } = await run(process.execPath, ['dist/cli/main.js', ...args, '--data-dir', dir], { env });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
};

describe('the coatcheck CLI against the service store', () => {
  it('lists and revokes sessions, lists, rotates and withdraws keys, and checks the setup', async () => {
    const store = new SqliteStore({ path: join(dir, 'sessions.db') });
    const sessions = createSessionManager({ store, secrets: env.COATCHECK_SECRETS });
    const a = await sessions.create({ userId: 'alice' }, { userAgent: 'Laptop' });
    await sessions.create({ userId: 'alice' }, { userAgent: 'Phone' });
    await store.close();

    const listed = JSON.parse((await cli('sessions', 'list', 'alice', '--json')).out) as {
      sessions: { id: string; userAgent: string }[];
    };
    expect(listed.sessions.map((s) => s.userAgent).sort()).toEqual(['Laptop', 'Phone']);
    expect(JSON.stringify(listed)).not.toContain(a.token.split('.')[1]);
    expect(JSON.parse((await cli('sessions', 'revoke', a.session.id, '--json')).out)).toEqual({ revoked: 1 });
    expect((await cli('sessions', 'revoke', a.session.id)).code).toBe(1);
    expect(JSON.parse((await cli('sessions', 'revoke', '--user', 'alice', '--json')).out)).toEqual({
      revoked: 1,
    });

    const before = JSON.parse((await cli('keys', 'list', '--json')).out) as {
      keyring: string[];
      signing: unknown[];
    };
    expect(before.keyring).toEqual(['k1']);
    // `keys list` is read-only: on a store without signing keys it creates none.
    expect(before.signing).toEqual([]);
    expect(JSON.parse((await cli('keys', 'list', '--json')).out).signing).toEqual([]);
    const rotated = JSON.parse((await cli('keys', 'rotate', '--json')).out) as { kid: string };
    const after = JSON.parse((await cli('keys', 'list', '--json')).out) as { signing: { kid: string }[] };
    expect(after.signing.map((k) => k.kid)).toContain(rotated.kid);
    const withdrawn = JSON.parse((await cli('keys', 'revoke', rotated.kid, '--json')).out) as {
      revoked: string;
      signing: string;
    };
    expect(withdrawn.revoked).toBe(rotated.kid);
    const left = JSON.parse((await cli('keys', 'list', '--json')).out) as { signing: { kid: string }[] };
    expect(left.signing.map((k) => k.kid)).not.toContain(rotated.kid);
    expect((await cli('keys', 'revoke', rotated.kid)).code).toBe(1);
    expect((await cli('keys', 'revoke')).code).toBe(2);

    const doctor = await cli('doctor', '--json');
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.out).ok).toBe(true);
    const broken = await cli('doctor', '--store', 'redis://127.0.0.1:1', '--json');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('"ok":false');
    expect(broken.out).not.toContain(env.COATCHECK_SECRETS.slice(3));
    expect((await cli('sessions', 'bogus')).code).toBe(2);
  });

  it('shows a user’s activity (text and --json) and ends everything of a user', async () => {
    const store = new SqliteStore({ path: join(dir, 'sessions.db') });
    const sessions = createSessionManager({ store, secrets: env.COATCHECK_SECRETS });
    const a = await sessions.create(
      { userId: 'bea', meta: { device: 'Firefox on Linux' } },
      { ip: '192.0.2.8' },
    );
    await sessions.create({ userId: 'bea', meta: { device: 'Firefox on Linux' } }, { ip: '192.0.2.8' });
    await store.close();

    const text = await cli('activity', 'bea');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/sign-in .*Firefox on Linux {2}192\.0\.2\.8/);
    expect(text.out).toContain(a.session.id);
    expect(text.out).not.toContain(a.token.split('.')[1]);
    const page = JSON.parse((await cli('activity', 'bea', '--limit', '1', '--json')).out) as {
      entries: { type: string }[];
      next: string;
    };
    expect(page.entries).toHaveLength(1);
    const older = JSON.parse((await cli('activity', 'bea', '--before', page.next, '--json')).out);
    expect(older.entries).toHaveLength(1);
    expect((await cli('activity', 'nobody')).out).toContain('no activity for nobody');
    expect((await cli('activity')).code).toBe(2);
    expect((await cli('activity', 'bea', '--limit', '0')).code).toBe(1);

    expect((await cli('end-everything', 'bea')).code).toBe(2);
    expect((await cli('end-everything', 'bea', '--reason', 'Bad Reason')).code).toBe(1);
    const ended = JSON.parse(
      (await cli('end-everything', 'bea', '--reason', 'account-disabled', '--json')).out,
    );
    expect(ended.sessions).toBe(2);
    const latest = JSON.parse((await cli('activity', 'bea', '--limit', '1', '--json')).out).entries[0];
    expect(latest).toMatchObject({ type: 'everything-ended', actor: 'operator', reason: 'account-disabled' });
  });
});
