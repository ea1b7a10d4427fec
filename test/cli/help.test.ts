import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

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
    expect(answers[0]!.stdout).toMatch(/--tls-cert[\s\S]*COATCHECK_SERVICE_KEYS/);
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const c of commands) expect(top.stdout).toContain(c);
  });

  it('usage mistakes exit 2 with the help on stderr; failures exit 1, as JSON with --json', async () => {
    const usage = await Promise.all([
      cli('bogus'),
      cli('sessions'),
      cli('sessions', 'list'),
      cli('sessions', 'revoke', 'id', '--user', 'alice'),
      cli('keys', 'bogus'),
      cli('keys', 'list', '--nope'),
      cli('secret'),
      cli('secret', 'generate', '--kid', 'bad kid!'),
      cli('serve', '--port', '99999'),
      cli('doctor', 'extra'),
    ]);
    for (const a of usage) {
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
  });
});
