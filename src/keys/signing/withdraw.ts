import type { SigningKeyset } from './keyset.js';
import { signingKeyAt } from './rotation.js';

/** The keyset without a withdrawn key, and whether a new key must sign at once. */
export interface WithdrawalPlan {
  keys: SigningKeyset['keys'];
  /** True when the withdrawn key was signing: an older, retired key must never sign again. */
  needsSigner: boolean;
}

/**
 * Plans withdrawing `kid` (after a key compromise): it leaves the keyset, and so JWKS and every
 * verifier that reads the keyset, at once. Null when the keyset has no such key.
 */
export function planWithdrawal(keyset: SigningKeyset, kid: string, now: number): WithdrawalPlan | null {
  if (!keyset.keys.some((key) => key.kid === kid)) return null;
  const keys = keyset.keys.filter((key) => key.kid !== kid);
  const wasSigning = signingKeyAt(keyset, now)?.kid === kid;
  return { keys, needsSigner: wasSigning || signingKeyAt({ keys }, now) === null };
}
