import { SessionError } from '../../errors.js';
import type { Keyring } from '../../keys/keyring.js';
import type { KeyMaterial } from '../../lib/crypto.js';
import type { StoreGateway } from '../../stores/gateway.js';
import type { StoredRefreshFamily } from '../../stores/types.js';
import { invalidProof } from '../dpop/proof.js';
import { decide, type RefreshPolicy, rotated } from './decide.js';
import { issuedByUs, issueRefreshToken } from './tag.js';
import { findSuccessor, hashRefreshSecret, parseRefreshToken, successorSecret } from './token.js';

/** What {@link rotateRefreshToken} needs from its caller. */
export interface RotateContext {
  /** The fail-closed store gateway: an outage is ERR_STORE_UNAVAILABLE and `store.unavailable`. */
  store: StoreGateway;
  keyring: Keyring;
  policy: RefreshPolicy;
  now: () => number;
  /** One store read: is the family's session still alive? */
  sessionAlive(family: StoredRefreshFamily): Promise<boolean>;
  /** A token this server never issued (malformed, or a tag no keyring key made): report it. */
  onInvalid(): void;
  /** Reuse detected: the family is already deleted; end its session and report. */
  onReuse(family: StoredRefreshFamily): Promise<void>;
}

export interface RotateOutcome {
  refreshToken: string;
  family: StoredRefreshFamily;
  /** `rotated` for a real rotation, `grace` for the idempotent answer to the predecessor. */
  kind: 'rotated' | 'grace';
}

const MAX_ATTEMPTS = 8;

/**
 * Rotates a refresh token in one atomic store step (compare-and-set on generation and graceUses),
 * re-reading and deciding again on a conflict. The issuance tag is checked first, with no store
 * call: only a token this server issued can be a reuse, so a forgery that names a real family
 * revokes nothing. Throws ERR_TOKEN_INVALID (malformed, bad tag, unknown, expired, session ended),
 * ERR_TOKEN_REUSED (family revoked), ERR_DPOP_INVALID (a key-bound family without its key's proof:
 * nothing revoked) or ERR_VERSION_CONFLICT (retryable, nothing revoked).
 */
export async function rotateRefreshToken(
  ctx: RotateContext,
  token: string,
  binding: string,
): Promise<RotateOutcome> {
  const parsed = parseRefreshToken(token);
  if (!parsed || !(await issuedByUs(ctx.keyring, parsed))) {
    ctx.onInvalid();
    throw invalidGrant();
  }
  const presentedHash = await hashRefreshSecret(parsed.secret);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const family = await ctx.store('getFamily', (s) => s.getFamily(parsed.familyId));
    if (!family) throw invalidGrant();
    const now = ctx.now();
    const decision = decide(family, presentedHash, binding, now, ctx.policy);
    if (decision === 'expired') {
      await ctx.store('deleteFamily', (s) => s.deleteFamily(family.id));
      throw invalidGrant();
    }
    if (decision === 'wrong-key') throw invalidProof();
    if (decision === 'reuse') {
      if (await ctx.store('deleteFamily', (s) => s.deleteFamily(family.id))) await ctx.onReuse(family);
      throw new SessionError('ERR_TOKEN_REUSED', 'invalid_grant');
    }
    if (decision === 'busy') break;
    if (!(await ctx.sessionAlive(family))) {
      await ctx.store('deleteFamily', (s) => s.deleteFamily(family.id));
      throw invalidGrant();
    }
    let successor: { secret: string; key: KeyMaterial } | null;
    let next: StoredRefreshFamily;
    if (decision === 'current') {
      const { key } = await ctx.keyring.current('refresh');
      successor = { secret: await successorSecret(key, family.id, family.generation, parsed.secret), key };
      next = rotated(family, await hashRefreshSecret(successor.secret), now, ctx.policy);
    } else {
      successor = await findSuccessor(
        ctx.keyring,
        family.id,
        family.generation - 1,
        parsed.secret,
        family.currentHash,
      );
      if (!successor) throw invalidGrant();
      next = { ...family, graceUses: family.graceUses + 1 };
    }
    const expected = { generation: family.generation, graceUses: family.graceUses };
    const result = await ctx.store('updateFamily', (s) => s.updateFamily(next, expected));
    if (result === 'missing') throw invalidGrant();
    if (result === 'updated') {
      const kind = decision === 'current' ? 'rotated' : 'grace';
      const refreshToken = await issueRefreshToken(successor.key, family.id, successor.secret);
      return { refreshToken, family: next, kind };
    }
  }
  throw new SessionError('ERR_VERSION_CONFLICT', 'The refresh token is being rotated concurrently; retry');
}

function invalidGrant(): SessionError {
  return new SessionError('ERR_TOKEN_INVALID', 'invalid_grant');
}
