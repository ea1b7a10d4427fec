import { importJWK } from 'jose';
import { SessionError } from '../../errors.js';
import type { EventBus } from '../../events/emitter.js';
import type { Clock } from '../../lib/clock.js';
import type { StoreGateway } from '../../stores/gateway.js';
import type { Keyring } from '../keyring.js';
import { buildJwks, type JwksResponse } from './jwks.js';
import {
  generateSigningKey,
  KEYSET_DOCUMENT,
  parseKeyset,
  type SigningAlgorithm,
  type SigningKeyset,
  type StoredSigningKey,
} from './keyset.js';
import { type ExplicitPolicy, effectivePolicy, storesPolicy } from './policy.js';
import {
  planRotation,
  type RotationMode,
  type RotationPolicy,
  signingKeyAt,
  trustedKeys,
} from './rotation.js';
import { planWithdrawal } from './withdraw.js';
import { rewrapIfStale, unwrapPrivateKey } from './wrap.js';

/** What signs right now. The private key never leaves this object except into jose. */
export interface ActiveSigner {
  kid: string;
  alg: SigningAlgorithm;
  key: CryptoKey;
}

export interface SigningKeyProviderOptions {
  /** The fail-closed store gateway: an outage is ERR_STORE_UNAVAILABLE and `store.unavailable`. */
  store: StoreGateway;
  keyring: Keyring;
  /** This process's own policy; the keyset document's stored policy prevails (see policy.ts). */
  policy: RotationPolicy;
  /** Which parts of `policy` may change the stored policy. Default all. */
  explicit?: ExplicitPolicy;
  clock: Clock;
  events: EventBus;
  /** How long an instance reuses the keyset it read before reading the store again. */
  cacheMs: number;
  jwksMaxAgeSeconds: number;
}

const MAX_CAS_ATTEMPTS = 5;

/**
 * The shared signing keyset: read from the store (one read per `cacheMs`), rotated there with a
 * compare-and-set so that every instance agrees on which key signs when.
 */
export class SigningKeyProvider {
  readonly #o: SigningKeyProviderOptions;
  #cache: { keyset: SigningKeyset; version: number; loadedAt: number } | null = null;
  #loading: Promise<SigningKeyset> | null = null;
  readonly #imported = new Map<string, Promise<CryptoKey>>();

  constructor(options: SigningKeyProviderOptions) {
    this.#o = options;
  }

  /** The key to sign with now, creating or rotating keys in the store when due. */
  async signer(): Promise<ActiveSigner> {
    const keyset = await this.keyset();
    const key = signingKeyAt(keyset, this.#o.clock.now());
    if (!key) throw new SessionError('ERR_CONFIG_INVALID', 'No signing key is active');
    let imported = this.#imported.get(key.kid);
    if (!imported) {
      imported = unwrapPrivateKey(this.#o.keyring, key.kid, key.wrappedPrivateKey).then(
        (json) => importJWK(JSON.parse(json), key.alg) as Promise<CryptoKey>,
      );
      imported.catch(() => this.#imported.delete(key.kid));
      this.#imported.set(key.kid, imported);
    }
    return { kid: key.kid, alg: key.alg, key: await imported };
  }

  /** The JWKS of every key a verifier must trust now (pending, signing, recently retired). */
  async jwks(): Promise<JwksResponse> {
    const keyset = await this.keyset();
    const keys = trustedKeys(keyset, this.#o.clock.now(), this.#policy(keyset).retainMs);
    return buildJwks(keys, this.#o.jwksMaxAgeSeconds);
  }

  /**
   * The JWKS as the store holds it, for read-only commands: one read, and nothing is created,
   * rotated, pruned or re-wrapped, whatever this process's own policy says.
   */
  async publishedJwks(): Promise<JwksResponse> {
    const doc = await this.#read();
    const keyset = doc ? parseKeyset(doc.value) : { keys: [] };
    const keys = trustedKeys(keyset, this.#o.clock.now(), this.#policy(keyset).retainMs);
    return buildJwks(keys, this.#o.jwksMaxAgeSeconds);
  }

  /** The current keyset, from cache or the store, maintained (created, rotated, pruned) as needed. */
  async keyset(): Promise<SigningKeyset> {
    const now = this.#o.clock.now();
    if (this.#cache && now - this.#cache.loadedAt < this.#o.cacheMs) return this.#cache.keyset;
    this.#loading ??= this.#maintain(null).finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  /** Rotates on demand (see {@link RotationMode}); returns the kid of the new key. */
  async rotate(mode: RotationMode): Promise<string> {
    const keyset = await this.#maintain(mode);
    return keyset.keys.reduce((a, b) => (b.createdAt >= a.createdAt ? b : a)).kid;
  }

  /**
   * Withdraws a key at once (after a compromise): it leaves the shared keyset, so this instance
   * stops trusting it now and every other within `cacheMs`; a new key signs at once if it was the
   * signing key. Returns the signing kid afterwards, or null when no such key was published.
   */
  async withdraw(kid: string): Promise<string | null> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const doc = await this.#read();
      const keyset = doc ? parseKeyset(doc.value) : { keys: [] };
      const now = this.#o.clock.now();
      const plan = planWithdrawal(keyset, kid, now);
      if (!plan) return null;
      const policy = this.#policy(keyset);
      const created = plan.needsSigner
        ? await generateSigningKey(this.#o.keyring, policy.alg, now, now)
        : null;
      const next: SigningKeyset = { keys: created ? [...plan.keys, created] : plan.keys, policy };
      if (await this.#write(JSON.stringify(next), doc?.version ?? null)) {
        this.#imported.delete(kid);
        if (created)
          this.#o.events.emit({ type: 'key.rotated', kid: created.kid, purpose: 'signing' }, {}, now);
        return signingKeyAt(this.#remember(next, (doc?.version ?? 0) + 1, now), now)!.kid;
      }
    }
    throw new SessionError('ERR_VERSION_CONFLICT', 'The signing keyset changed concurrently; retry');
  }

  async #maintain(mode: RotationMode | null): Promise<SigningKeyset> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const doc = await this.#read();
      const keyset = doc ? parseKeyset(doc.value) : { keys: [] };
      const now = this.#o.clock.now();
      const policy = this.#policy(keyset);
      const plan = planRotation(keyset, now, policy, mode);
      const keys = await this.#rewrapped(keyset.keys.filter((key) => !plan.prune.includes(key.kid)));
      const rewrapped = keys.some((key, i) => key !== keyset.keys[i]);
      const unchanged = plan.prune.length === 0 && !plan.create && !rewrapped;
      // An empty keyset stays unwritten until a key is needed; a policy alone is no reason to write.
      if (unchanged && (storesPolicy(keyset, policy) || keyset.keys.length === 0)) {
        return this.#remember(keyset, doc?.version ?? 0, now);
      }
      const created = plan.create
        ? await generateSigningKey(this.#o.keyring, policy.alg, now, plan.create.activatesAt)
        : null;
      const next: SigningKeyset = { keys: created ? [...keys, created] : keys, policy };
      if (await this.#write(JSON.stringify(next), doc?.version ?? null)) {
        if (created)
          this.#o.events.emit({ type: 'key.rotated', kid: created.kid, purpose: 'signing' }, {}, now);
        for (const kid of plan.prune) this.#imported.delete(kid);
        return this.#remember(next, (doc?.version ?? 0) + 1, now);
      }
    }
    throw new SessionError('ERR_VERSION_CONFLICT', 'The signing keyset changed concurrently; retry');
  }

  // Keys wrapped by an older keyring secret are re-wrapped with the newest on the next write.
  async #rewrapped(keys: StoredSigningKey[]): Promise<StoredSigningKey[]> {
    return Promise.all(
      keys.map(async (key) => {
        // A key whose wrapping secret is gone stays as it is: it cannot sign, and it ages out.
        const wrappedPrivateKey = await rewrapIfStale(this.#o.keyring, key.kid, key.wrappedPrivateKey).catch(
          () => null,
        );
        return wrappedPrivateKey ? { ...key, wrappedPrivateKey } : key;
      }),
    );
  }

  #policy(keyset: SigningKeyset): RotationPolicy {
    return effectivePolicy(
      keyset,
      this.#o.policy,
      this.#o.explicit ?? { alg: true, rotateEvery: true, contributes: true },
    );
  }

  #remember(keyset: SigningKeyset, version: number, now: number): SigningKeyset {
    this.#cache = { keyset, version, loadedAt: now };
    return keyset;
  }

  #read(): Promise<{ value: string; version: number } | null> {
    return this.#o.store('getDocument', (s) => s.getDocument(KEYSET_DOCUMENT));
  }

  #write(value: string, expected: number | null): Promise<boolean> {
    return this.#o.store('putDocument', (s) => s.putDocument(KEYSET_DOCUMENT, value, expected));
  }
}
