import { describe, expect, it } from 'vitest';
import { runPytest } from '../helpers/python-process.js';

describe('Python client unit tests (clients/python/tests, pytest)', () => {
  it('pass, and none is skipped', async () => {
    const { status, passed, output } = await runPytest('clients/python/tests');
    expect(status, output).toBe(0);
    expect(passed, output).toBeGreaterThan(50);
    expect(output).not.toMatch(/skipped|xfail|error/i);
  }, 120_000);
});
