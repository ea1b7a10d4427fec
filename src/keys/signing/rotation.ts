import type { KeysetPolicy, SigningKeyset, StoredSigningKey } from './keyset.js';

/** When keys are made, start signing and disappear; the keyset document stores it (policy.ts). */
export type RotationPolicy = KeysetPolicy;

/** What the keyset needs now: keys to drop and, possibly, one key to create. */
export interface RotationPlan {
  prune: string[];
  create: { activatesAt: number } | null;
}

/** `scheduled` publishes a successor that signs after `publishAheadMs`; `immediate` signs at once. */
export type RotationMode = 'scheduled' | 'immediate';

function byActivation(keys: readonly StoredSigningKey[]): StoredSigningKey[] {
  return [...keys].sort((a, b) => a.activatesAt - b.activatesAt || a.createdAt - b.createdAt);
}

/** The key that signs at `now`: the most recently activated one. */
export function signingKeyAt(keyset: SigningKeyset, now: number): StoredSigningKey | null {
  const active = byActivation(keyset.keys).filter((key) => key.activatesAt <= now);
  return active.at(-1) ?? null;
}

/** When a key stopped signing (its successor's activation), or null while it still signs. */
export function retiredAt(keyset: SigningKeyset, key: StoredSigningKey, now: number): number | null {
  const sorted = byActivation(keyset.keys);
  const next = sorted[sorted.indexOf(key) + 1];
  return next && next.activatesAt <= now ? next.activatesAt : null;
}

/** Keys a verifier must trust at `now`: pending, signing, and retired ones still inside `retainMs`. */
export function trustedKeys(keyset: SigningKeyset, now: number, retainMs: number): StoredSigningKey[] {
  return keyset.keys.filter((key) => {
    const retired = retiredAt(keyset, key, now);
    return retired === null || retired + retainMs > now;
  });
}

/** Decides what the keyset needs at `now`; pure, so rotation is tested with a manual clock. */
export function planRotation(
  keyset: SigningKeyset,
  now: number,
  policy: RotationPolicy,
  mode: RotationMode | null = null,
): RotationPlan {
  const keep = trustedKeys(keyset, now, policy.retainMs);
  const prune = keyset.keys.filter((key) => !keep.includes(key)).map((key) => key.kid);
  const signer = signingKeyAt(keyset, now);
  const pending = keyset.keys.filter((key) => key.activatesAt > now);
  const ahead = now + policy.publishAheadMs;
  let create: RotationPlan['create'] = null;
  if (mode === 'immediate' || (!signer && pending.length === 0)) {
    create = { activatesAt: now };
  } else if (mode === 'scheduled') {
    if (pending.length === 0) create = { activatesAt: ahead };
  } else if (signer && pending.length === 0) {
    const due = signer.activatesAt + policy.rotateEveryMs;
    if (signer.alg !== policy.alg) create = { activatesAt: ahead };
    else if (now >= due - policy.publishAheadMs) create = { activatesAt: Math.max(ahead, due) };
  }
  return { prune, create };
}
