// `coatcheck service-key generate` prints keys in the documented format, and only that format is
// accepted in COATCHECK_SERVICE_KEYS.
import { describe, expect, it } from 'vitest';
import { generateServiceKey, parseServiceKeys } from '../../src/server/service-keys.js';
import { runCli } from '../helpers/cli.js';

const env = { PATH: process.env.PATH ?? '' };

describe('service keys', () => {
  it('service-key generate prints a ck_ key, or an app entry with --app; usage mistakes exit 2', async () => {
    const plain = await runCli(['service-key', 'generate'], env);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/^ck_[A-Za-z0-9_-]{43}\n$/);
    const app = JSON.parse(
      (await runCli(['service-key', 'generate', '--app', 'billing', '--json'], env)).out,
    );
    expect(app.entry).toBe(`billing=${app.serviceKey}`);
    expect(app.serviceKey).not.toBe(plain.out.trim());
    expect(() => parseServiceKeys([app.entry, plain.out.trim()])).not.toThrow();
    expect((await runCli(['service-key', 'generate', '--app', 'Bad_Name'], env)).code).toBe(2);
    expect((await runCli(['service-key'], env)).code).toBe(2);
  });

  it('refuses keys outside the ck_ format, without quoting them', () => {
    const bad = [
      'x'.repeat(40),
      `ck_${'y'.repeat(31)}`,
      `billing=${'z'.repeat(40)}`,
      `ck_${'a'.repeat(39)}!`,
    ];
    for (const entry of bad) {
      let error: unknown;
      try {
        parseServiceKeys([entry]);
      } catch (e) {
        error = e;
      }
      expect(error, entry).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
      expect((error as Error).message).toContain('coatcheck service-key generate');
      expect((error as Error).message).not.toContain(entry.slice(-20));
    }
    expect(generateServiceKey()).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
  });
});
