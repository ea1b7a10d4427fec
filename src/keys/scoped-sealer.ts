import { SessionError } from '../errors.js';
import { aesGcmDecrypt, aesGcmEncrypt } from '../lib/crypto.js';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../lib/encoding.js';
import { randomBytes } from '../lib/random.js';
import type { KeyPurpose, Keyring } from './keyring.js';
import { OpenedCache } from './opened-cache.js';
import type { Sealer } from './sealer.js';

const NONCE_BYTES = 12;

/** A sealed kind whose key is derived per scope; values of the `previous` format still open. */
export interface ScopedSealerSpec {
  purpose: KeyPurpose;
  /** e.g. `$e3.`: `<prefix><kid>.<nonce>.<ciphertext+tag>`, as long as the previous prefix. */
  prefix: string;
  label: string;
  failure: string;
  /** The format sealed before, under the purpose key itself (opened, never written). */
  previous: Sealer;
  /** Remember this many recently opened values (see {@link OpenedCache}); default none. */
  cacheOpened?: number;
}

/** Sealing under a key of its own per scope; the caller names the scope when sealing and opening. */
export interface ScopedSealer {
  isSealed(value: string): boolean;
  seal(keyring: Keyring, plaintext: string, context: string, scope: string): Promise<string>;
  open(
    keyring: Keyring,
    value: string,
    context: string,
    scope: string,
  ): Promise<{ plaintext: string; kid: string }>;
}

/**
 * AES-256-GCM under a key derived (HKDF, {@link Keyring.scoped}) per key id *and scope*, so one key
 * seals only its scope's values and random 96-bit nonces stay far below the 2^32-message bound
 * whatever the total number of writes. The value has the same shape and length as the previous
 * format: the scope is not stored, the caller knows it. AAD = `coatcheck:<label>:v3|<context>|<kid>`.
 *
 * The opened-value cache is consulted before any derivation, keyed on the purpose key the keyring
 * still hands out for the kid, so an unchanged value read again costs no HKDF and no decryption.
 */
export function createScopedSealer(spec: ScopedSealerSpec): ScopedSealer {
  const aad = (context: string, kid: string): Uint8Array =>
    utf8(`coatcheck:${spec.label}:v3|${context}|${kid}`);
  const failed = (cause?: unknown): SessionError =>
    new SessionError('ERR_DECRYPT_FAILED', spec.failure, { cause });
  const opened = new OpenedCache(spec.cacheOpened ?? 0, 2048);
  return {
    isSealed: (value) => value.startsWith(spec.prefix) || spec.previous.isSealed(value),
    async seal(keyring, plaintext, context, scope) {
      const kid = keyring.kids[0]!;
      const key = (await keyring.scoped(spec.purpose, kid, scope))!;
      const nonce = randomBytes(NONCE_BYTES);
      const sealed = await aesGcmEncrypt(key, nonce, utf8(plaintext), aad(context, kid));
      return `${spec.prefix}${kid}.${toBase64Url(nonce)}.${toBase64Url(sealed)}`;
    },
    async open(keyring, value, context, scope) {
      if (!value.startsWith(spec.prefix)) return spec.previous.open(keyring, value, context);
      const [kid, nonceText, sealedText, extra] = value.slice(spec.prefix.length).split('.');
      // The purpose key is a map lookup; it stands for "this secret is still in the keyring".
      const purposeKey = kid ? await keyring.byKid(spec.purpose, kid) : null;
      if (!purposeKey) throw failed();
      const cacheContext = `${scope}\n${context}`;
      const cached = opened.get(value, cacheContext, purposeKey);
      if (cached !== null) return { plaintext: cached, kid: kid! };
      const nonce = nonceText ? fromBase64Url(nonceText) : null;
      const sealed = sealedText ? fromBase64Url(sealedText) : null;
      if (!nonce || nonce.length !== NONCE_BYTES || !sealed || extra !== undefined) throw failed();
      const key = (await keyring.scoped(spec.purpose, kid!, scope))!;
      let plaintext: string;
      try {
        plaintext = fromUtf8(await aesGcmDecrypt(key, nonce, sealed, aad(context, kid!)));
      } catch (cause) {
        throw failed(cause);
      }
      opened.set(value, cacheContext, purposeKey, plaintext);
      return { plaintext, kid: kid! };
    },
  };
}
