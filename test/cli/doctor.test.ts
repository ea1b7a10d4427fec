// `coatcheck doctor` in an app's folder checks that app's environment and writes nothing; the
// read-only commands create no file either.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Keyring } from '../../src/keys/keyring.js';

const run = promisify(execFile);
const main = resolve('dist/cli/main.js');
const app = mkdtempSync(join(tmpdir(), 'coatcheck-doctor-'));
afterAll(() => rmSync(app, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [main, ...args], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

type Report = { ok: boolean; checks: { check: string; ok: boolean; detail: string }[] };
const checks = (out: string) =>
  Object.fromEntries((JSON.parse(out) as Report).checks.map((c) => [c.check, c]));

describe('coatcheck doctor in a library app', () => {
  it("passes on the app's own secrets and Redis, and writes nothing", async () => {
    const env = {
      COATCHECK_SECRETS: Keyring.generateSecret('k1'),
      COATCHECK_STORE: inject('redis').standalone,
    };
    const doctor = await cli(['doctor', '--json'], env);
    expect(doctor.code, doctor.out).toBe(0);
    const c = checks(doctor.out);
    expect(c.node?.ok).toBe(true);
    expect(c.secrets).toMatchObject({ ok: true, detail: 'k1 from COATCHECK_SECRETS' });
    expect(c.store?.detail).toMatch(/^redis read and ran a script/);
    expect(readdirSync(app)).toEqual([]);
  });

  it('fails on missing or weak secrets and an unreachable store, naming what to do and no secret', async () => {
    const missing = await cli(['doctor', '--json']);
    expect(missing.code).toBe(1);
    expect(checks(missing.out).secrets?.detail).toContain('coatcheck secret generate');
    expect(checks(missing.out).store?.detail).toContain('No SQLite store at data/sessions.db');
    const weak = await cli(['doctor', '--json', '--store', 'redis://127.0.0.1:1'], {
      COATCHECK_SECRETS: 'k1:changeme',
    });
    expect(weak.code).toBe(1);
    expect(checks(weak.out).secrets).toMatchObject({ ok: false });
    expect(weak.out).not.toContain('changeme');
    expect(checks(weak.out).store?.detail).toContain('127.0.0.1:1 within 2000 ms');
    expect(readdirSync(app)).toEqual([]);
  });

  it('sessions list and keys list refuse instead of creating secrets or a database', async () => {
    const list = await cli(['sessions', 'list', 'alice']);
    expect(list.code).toBe(1);
    expect(list.out).toContain('COATCHECK_SECRETS is not set');
    const keys = await cli(['keys', 'list'], { COATCHECK_SECRETS: Keyring.generateSecret('k1') });
    expect(keys.code).toBe(1);
    expect(keys.out).toContain('No SQLite store at data/sessions.db');
    expect(readdirSync(app)).toEqual([]);
  });
});
