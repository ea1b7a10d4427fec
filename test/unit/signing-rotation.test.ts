import { describe, expect, it } from 'vitest';
import { parseKeyset, type StoredSigningKey } from '../../src/keys/signing/keyset.js';
import { effectivePolicy, storesPolicy } from '../../src/keys/signing/policy.js';
import { planRotation, signingKeyAt, trustedKeys } from '../../src/keys/signing/rotation.js';

const MIN = 60_000;
const policy = {
  alg: 'EdDSA' as const,
  rotateEveryMs: 60 * MIN,
  publishAheadMs: 10 * MIN,
  retainMs: 6 * MIN,
};
const key = (kid: string, activatesAt: number): StoredSigningKey =>
  ({ kid, alg: 'EdDSA', activatesAt, createdAt: activatesAt, publicJwk: {}, wrappedPrivateKey: '' }) as never;

describe('signing-key rotation plan', () => {
  it('bootstraps one key that signs at once', () => {
    expect(planRotation({ keys: [] }, 0, policy)).toEqual({ prune: [], create: { activatesAt: 0 } });
  });

  it('publishes the successor publishAhead before the interval ends, never earlier than publishAhead from now', () => {
    const keyset = { keys: [key('a', 0)] };
    expect(planRotation(keyset, 49 * MIN, policy).create).toBeNull();
    expect(planRotation(keyset, 50 * MIN, policy).create).toEqual({ activatesAt: 60 * MIN });
    // An instance that was idle past the due time still publishes ahead of use.
    expect(planRotation(keyset, 90 * MIN, policy).create).toEqual({ activatesAt: 100 * MIN });
  });

  it('switches signer at activation and drops the old key only after retainMs', () => {
    const keyset = { keys: [key('a', 0), key('b', 60 * MIN)] };
    expect(signingKeyAt(keyset, 60 * MIN - 1)?.kid).toBe('a');
    expect(signingKeyAt(keyset, 60 * MIN)?.kid).toBe('b');
    expect(trustedKeys(keyset, 66 * MIN - 1, policy.retainMs).map((k) => k.kid)).toEqual(['a', 'b']);
    expect(planRotation(keyset, 66 * MIN, policy).prune).toEqual(['a']);
  });

  it('on demand: scheduled waits publishAhead, immediate signs now, a pending key is not duplicated', () => {
    const keyset = { keys: [key('a', 0)] };
    expect(planRotation(keyset, 5 * MIN, policy, 'scheduled').create).toEqual({ activatesAt: 15 * MIN });
    expect(planRotation(keyset, 5 * MIN, policy, 'immediate').create).toEqual({ activatesAt: 5 * MIN });
    const pending = { keys: [key('a', 0), key('b', 15 * MIN)] };
    expect(planRotation(pending, 6 * MIN, policy, 'scheduled').create).toBeNull();
  });
});

describe('the keyset policy every process follows (L3)', () => {
  const stored = {
    alg: 'ES256' as const,
    rotateEveryMs: 7 * 24 * 60 * MIN,
    publishAheadMs: 20 * MIN,
    retainMs: 65 * MIN,
  };
  const keyset = { keys: [key('a', 0)], policy: stored };
  const app = { alg: true, rotateEvery: true, contributes: true };
  const defaults = { alg: false, rotateEvery: false, contributes: true };
  const tool = { alg: false, rotateEvery: false, contributes: false };

  it('a process with default settings keeps the stored algorithm and interval; retention only grows', () => {
    expect(effectivePolicy(keyset, policy, defaults)).toEqual({
      ...stored,
      publishAheadMs: 20 * MIN,
      retainMs: 65 * MIN,
    });
    const longer = { ...policy, retainMs: 90 * MIN, publishAheadMs: 30 * MIN };
    expect(effectivePolicy(keyset, longer, defaults)).toMatchObject({
      alg: 'ES256',
      retainMs: 90 * MIN,
      publishAheadMs: 30 * MIN,
    });
  });

  it('a configured algorithm or interval becomes the stored one; a tool adds nothing of its own', () => {
    expect(effectivePolicy(keyset, policy, app)).toMatchObject({
      alg: 'EdDSA',
      rotateEveryMs: 60 * MIN,
      retainMs: 65 * MIN,
    });
    const longer = { ...policy, retainMs: 90 * MIN };
    expect(effectivePolicy(keyset, longer, tool)).toEqual(stored);
    expect(storesPolicy(keyset, effectivePolicy(keyset, longer, tool))).toBe(true);
    expect(storesPolicy(keyset, effectivePolicy(keyset, longer, defaults))).toBe(false);
  });

  it('a keyset stored before its policy keeps the algorithm of its newest key', () => {
    const legacy = {
      keys: [
        { ...key('a', 0), alg: 'ES256' as const },
        { ...key('b', 5), alg: 'PS256' as const },
      ],
    };
    expect(effectivePolicy(legacy, policy, tool)).toEqual({ ...policy, alg: 'PS256' });
    expect(effectivePolicy({ keys: [] }, policy, tool)).toEqual(policy);
  });

  it('a corrupt stored policy makes the keyset corrupt (fail closed)', () => {
    const bad = JSON.stringify({
      keys: [],
      policy: { alg: 'HS256', rotateEveryMs: 1, publishAheadMs: 1, retainMs: 1 },
    });
    expect(() => parseKeyset(bad)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
    expect(parseKeyset(JSON.stringify(keyset)).policy).toEqual(stored);
  });
});
