import { SessionError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { createStoreGateway, type StoreGateway } from '../../stores/gateway.js';
import type { NonceIssuer } from './nonce.js';
import { type DpopRequest, type VerifiedProof, verifyProof } from './proof.js';
import { type ReplayStore, rememberProof } from './replay.js';

const DEFAULT_MAX_AGE_SECONDS = 60;
const DEFAULT_LEEWAY_SECONDS = 5;

/** Settings of a {@link DpopChecker}. */
export interface DpopCheckerOptions {
  /**
   * Where each proof's `jti` is remembered (one insert-if-absent per proof): a store, or the
   * fail-closed gateway of the token service, so an outage there reaches `store.unavailable`.
   */
  store: ReplayStore | { gateway: StoreGateway<ReplayStore> };
  clock: Clock;
  /** How old a proof's `iat` may be, in seconds. Default 60. */
  maxAgeSeconds?: number | undefined;
  /** Future skew tolerated on `iat`, in seconds. Default 5. */
  leewaySeconds?: number | undefined;
  /** Server nonces: when set, every proof must carry a nonce this issuer made recently. */
  nonces?: NonceIssuer | null;
}

/**
 * Checks DPoP proofs in full: the proof itself, the server nonce when nonces are on, then the
 * `jti` replay check (the one store call, made last so a bad proof costs no store round trip).
 * Throws ERR_DPOP_INVALID, or ERR_DPOP_NONCE (answer `use_dpop_nonce` with a fresh `DPoP-Nonce`).
 */
export class DpopChecker {
  readonly #o: Required<Omit<DpopCheckerOptions, 'nonces' | 'store'>> & { nonces: NonceIssuer | null };
  readonly #gateway: StoreGateway<ReplayStore>;

  constructor(options: DpopCheckerOptions) {
    const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    const leewaySeconds = options.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
    if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 1 || maxAgeSeconds > 300) {
      throw new SessionError('ERR_CONFIG_INVALID', 'dpop.maxAgeSeconds must be 1–300');
    }
    if (!Number.isInteger(leewaySeconds) || leewaySeconds < 0 || leewaySeconds > 60) {
      throw new SessionError('ERR_CONFIG_INVALID', 'dpop.leewaySeconds must be 0–60');
    }
    const { store, ...rest } = options;
    this.#gateway = 'gateway' in store ? store.gateway : createStoreGateway<ReplayStore>(store);
    this.#o = { ...rest, maxAgeSeconds, leewaySeconds, nonces: options.nonces ?? null };
  }

  /** Verifies a proof for `request` (and `accessToken` on resource requests); returns its key thumbprint. */
  async check(request: DpopRequest, accessToken?: string): Promise<VerifiedProof> {
    const now = this.#o.clock.now();
    const { maxAgeSeconds, leewaySeconds } = this.#o;
    const proof = await verifyProof(request, { now, maxAgeSeconds, leewaySeconds, accessToken });
    if (this.#o.nonces && !(await this.#o.nonces.accepts(proof.nonce, now))) {
      throw new SessionError('ERR_DPOP_NONCE', 'use_dpop_nonce');
    }
    await rememberProof(this.#gateway, proof, maxAgeSeconds + 2 * leewaySeconds);
    return proof;
  }

  /** The nonce to send in `DPoP-Nonce` now, or null when nonces are off. */
  nonce(): Promise<string | null> {
    return this.#o.nonces ? this.#o.nonces.current(this.#o.clock.now()) : Promise.resolve(null);
  }
}
