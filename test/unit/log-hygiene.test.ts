// The end-of-run log check itself: it must catch a planted token, and only a secret's random part.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findLeaks, needleOf } from '../helpers/log-hygiene.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function capture(logs: string[], secrets: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'coatcheck-hygiene-'));
  dirs.push(dir);
  appendFileSync(join(dir, 'service-1.log'), `${logs.join('\n')}\n`);
  appendFileSync(join(dir, 'secrets-1.txt'), `${secrets.map((s) => JSON.stringify(s)).join('\n')}\n`);
  return dir;
}

const SESSION = 'hyIT4HSEsW-abihi0tnvSF.R4wKvhGUvPrxa5tA2vCVrvtTILh34yc4e3OAZ2Sw_yQ';
const REFRESH = 'rt_Qm9yZWQtZmFtaWx5LWlkLTEyMzQ.c2VjcmV0LXBhcnQtb2YtdGhlLXJlZnJlc2gtdG9rZW4';
const KEYRING =
  'k2:bmV3LXNlY3JldC1rZXktbWF0ZXJpYWwtMzItYnl0ZXMh,k1:b2xkLXNlY3JldC1rZXktbWF0ZXJpYWwtMzItYnl0ZXM';
const clean = [
  '{"event":"session.created","sessionId":"hyIT4HSEsW-abihi0tnvSF","userId":"alice"}',
  '{"event":"refresh.rotated","familyId":"Qm9yZWQtZmFtaWx5LWlkLTEyMzQ","generation":2}',
  '{"method":"GET","path":"/me","status":200}',
];

describe('the log hygiene check', () => {
  it('finds a planted session token, refresh token, cookie value and keyring key', () => {
    const planted = [
      `{"msg":"request","userAgent":"x __Host-sid=${SESSION}"}`,
      `{"body":{"refreshToken":"${REFRESH}"}}`,
      `boot: COATCHECK_SECRETS=${KEYRING.split(',')[1]}`,
    ];
    const { leaks, secrets } = findLeaks(capture([...clean, ...planted], [SESSION, REFRESH, KEYRING]));
    expect(secrets).toBe(4);
    expect(leaks.map((l) => l.line)).toEqual([4, 5, 6]);
    // The report names a prefix only, so it does not leak the value once more.
    expect(leaks[0]!.secret).toBe('R4wKvh…');
  });

  it('passes logs that carry only public handles (session id, family id)', () => {
    expect(findLeaks(capture(clean, [SESSION, REFRESH, KEYRING])).leaks).toEqual([]);
  });

  it('recognises a secret by its random tail, never by its public handle', () => {
    expect(needleOf(SESSION)).toBe('R4wKvhGUvPrxa5tA2vCVrvtTILh34yc4e3OAZ2Sw_yQ');
    expect(needleOf(REFRESH)).toBe('c2VjcmV0LXBhcnQtb2YtdGhlLXJlZnJlc2gtdG9rZW4');
    expect(needleOf('eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLW9mLXRoZS1qd3Q')).toBe(
      'c2lnbmF0dXJlLW9mLXRoZS1qd3Q',
    );
    expect(needleOf('short')).toBeNull();
  });
});
