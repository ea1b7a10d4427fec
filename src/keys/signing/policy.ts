import type { KeysetPolicy, SigningKeyset } from './keyset.js';

/** Which parts of a process's own rotation policy it was explicitly configured with. */
export interface ExplicitPolicy {
  /** The algorithm was configured (`algorithm`): it is this deployment's choice. */
  alg: boolean;
  /** The rotation interval was configured (`keyRotationInterval`). */
  rotateEvery: boolean;
  /**
   * This process issues tokens or serves JWKS, so its token lifetime and cache age count towards
   * the stored retention and publish-ahead time. False for tools that only maintain the keyset.
   */
  contributes: boolean;
}

/**
 * The policy a process applies to the shared keyset: the one stored in the keyset document,
 * so every process (service, token service, CLI) follows the same algorithm, interval and
 * retention. A process changes the algorithm or interval only when it was configured with them;
 * its defaults never override the document (the CLI has no configuration of its own). Retention
 * and publish-ahead time only grow: the longest access-token lifetime and cache age of any
 * process that issues tokens or serves JWKS win, so no process drops a key another one's tokens
 * still need.
 * A keyset written before the policy was stored keeps the algorithm of its newest key.
 */
export function effectivePolicy(
  keyset: SigningKeyset,
  own: KeysetPolicy,
  explicit: ExplicitPolicy,
): KeysetPolicy {
  const stored = keyset.policy;
  const newest = keyset.keys.reduce<SigningKeyset['keys'][number] | null>(
    (a, b) => (a && a.activatesAt >= b.activatesAt ? a : b),
    null,
  );
  const storedAlg = stored?.alg ?? newest?.alg;
  return {
    alg: explicit.alg || !storedAlg ? own.alg : storedAlg,
    rotateEveryMs: explicit.rotateEvery || !stored ? own.rotateEveryMs : stored.rotateEveryMs,
    publishAheadMs: grown(own.publishAheadMs, stored?.publishAheadMs, explicit.contributes),
    retainMs: grown(own.retainMs, stored?.retainMs, explicit.contributes),
  };
}

function grown(own: number, stored: number | undefined, contributes: boolean): number {
  if (stored === undefined) return own;
  return contributes ? Math.max(own, stored) : stored;
}

/** True when the keyset already stores exactly this policy. */
export function storesPolicy(keyset: SigningKeyset, policy: KeysetPolicy): boolean {
  const stored = keyset.policy;
  return (
    stored !== undefined &&
    stored.alg === policy.alg &&
    stored.rotateEveryMs === policy.rotateEveryMs &&
    stored.publishAheadMs === policy.publishAheadMs &&
    stored.retainMs === policy.retainMs
  );
}
