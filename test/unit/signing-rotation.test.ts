import { describe, expect, it } from 'vitest';
import type { StoredSigningKey } from '../../src/keys/signing/keyset.js';
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
