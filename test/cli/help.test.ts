import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { runDoctor } from '../../src/cli/doctor.js';
import { runKeys } from '../../src/cli/keys.js';
import { runSecretGenerate } from '../../src/cli/secret.js';
import { runServe } from '../../src/cli/serve.js';
import { runSessions } from '../../src/cli/sessions.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'coatcheck-cli-help-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, NODE_ENV: 'test', COATCHECK_DATA_DIR: dir };

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/cli/main.js', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('coatcheck --help and exit codes', () => {
  it('every command has its own --help on stdout, exit 0', async () => {
    const commands = ['serve', 'sessions', 'keys', 'doctor', 'secret', 'demo'];
    const answers = await Promise.all(commands.map((c) => cli(c, '--help')));
    answers.forEach((a, i) => {
      expect(a.code, commands[i]).toBe(0);
      expect(a.stdout, commands[i]).toContain(`Usage: coatcheck ${commands[i]}`);
    });
    expect(answers[0]?.stdout).toMatch(/--tls-cert[\s\S]*COATCHECK_SERVICE_KEYS/);
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const c of commands) expect(top.stdout).toContain(c);
  }, 60_000);

  it('usage mistakes exit 2 with the help on stderr; failures exit 1, as JSON with --json', async () => {
    for (const a of [
      await cli('bogus'),
      await cli('sessions', 'list'),
      await cli('serve', '--port', '99999'),
    ]) {
      expect(a.code, a.stderr).toBe(2);
      expect(a.stderr).toMatch(/^coatcheck: [\s\S]*Usage: coatcheck/);
      expect(a.stdout).toBe('');
    }
    const secret = await cli('secret', 'generate', '--kid', 'k7', '--json');
    expect(secret.code).toBe(0);
    expect(JSON.parse(secret.stdout).secret).toMatch(/^k7:[A-Za-z0-9_-]{43}$/);
    const failed = await cli('sessions', 'list', 'alice', '--store', 'nosuch:', '--json');
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({
      error: { code: 'ERR_CONFIG_INVALID', message: expect.any(String) },
    });
    const human = await cli('sessions', 'list', 'alice', '--store', 'nosuch:');
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/^coatcheck: ERR_CONFIG_INVALID: /);
  }, 60_000);

  it('each command refuses what it does not understand as a usage error, before opening a store', async () => {
    const mistakes: [(args: string[]) => Promise<number>, string[]][] = [
      [runSessions, []],
      [runSessions, ['list']],
      [runSessions, ['revoke']],
      [runSessions, ['revoke', 'id', '--user', 'alice']],
      [runSessions, ['list', 'alice', '--nope']],
      [runKeys, ['bogus']],
      [runKeys, ['list', '--immediate']],
      [runSecretGenerate, []],
      [runSecretGenerate, ['generate', '--kid', 'bad kid!']],
      [runDoctor, ['extra']],
      [runServe, ['--tls-key', 'k.pem']],
    ];
    for (const [run, args] of mistakes) {
      await expect(run([...args, '--store', 'nosuch:']), args.join(' ')).rejects.toBeInstanceOf(UsageError);
    }
  });
});
