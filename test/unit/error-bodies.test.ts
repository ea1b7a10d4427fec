import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorBody, refusal, toHttpError } from '../../src/http/errors.js';
import { SessionError } from '../../src/index.js';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

describe('one error vocabulary', () => {
  it('no JSON error body in src/ is built by hand: errorBody() is the one place', () => {
    const byHand = /error:\s*\{\s*code\b/;
    const offenders = files('src').filter(
      (file) => file !== join('src', 'http', 'errors.ts') && byHand.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('every code literal in src/ is in the table', () => {
    // Node's own error codes that coatcheck reads off a caught error; never answered on the wire.
    const nodeCodes = new Set(['ERR_MODULE_NOT_FOUND']);
    const named = new Set(
      files('src').flatMap((f) => readFileSync(f, 'utf8').match(/\bERR_[A-Z_]+\b/g) ?? []),
    );
    expect([...named].filter((code) => !(code in ERROR_CODES) && !nodeCodes.has(code))).toEqual([]);
    expect(named.size).toBeGreaterThan(20);
  });

  it('errorBody uses the default message unless given one; 500s never carry a detail', () => {
    expect(errorBody('ERR_NO_SESSION')).toEqual({
      error: { code: 'ERR_NO_SESSION', message: 'Sign in first' },
    });
    expect(refusal('ERR_BODY_TOO_LARGE', 'Too big', { a: 'b' })).toEqual({
      status: 413,
      body: { error: { code: 'ERR_BODY_TOO_LARGE', message: 'Too big' } },
      headers: { a: 'b' },
    });
    const config = new SessionError('ERR_CONFIG_INVALID', 'CSRF tokens need secrets');
    expect(toHttpError(config)).toEqual({
      status: 500,
      body: errorBody('ERR_CONFIG_INVALID', 'Internal error'),
    });
    expect(toHttpError(new Error('secret detail'))).toEqual({ status: 500, body: errorBody('ERR_INTERNAL') });
  });

  it('a store outage answers its code and a generic message; the detail stays in the log', () => {
    const timeout = new SessionError('ERR_STORE_UNAVAILABLE', 'Redis did not answer within 300 ms');
    expect(toHttpError(timeout)).toEqual({ status: 503, body: errorBody('ERR_STORE_UNAVAILABLE') });
    expect(JSON.stringify(toHttpError(timeout))).not.toContain('Redis');
  });
});
