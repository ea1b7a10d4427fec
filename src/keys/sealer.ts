import { SessionError } from '../errors.js';
import { aesGcmDecrypt, aesGcmEncrypt } from '../lib/crypto.js';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../lib/encoding.js';
import { randomBytes } from '../lib/random.js';
import type { KeyPurpose, Keyring } from './keyring.js';
import { OpenedCache } from './opened-cache.js';

const NONCE_BYTES = 12;

/** One kind of sealed value: its keyring purpose, its prefix, the AAD label, the failure message. */
export interface SealerSpec {
  purpose: KeyPurpose;
  /** e.g. `$e1.`: lets a reader tell sealed values apart and pick the format version. */
  prefix: string;
  label: string;
  failure: string;
  /** Remember this many recently opened values (see {@link OpenedCache}); default none. */
  cacheOpened?: number;
}

export interface Sealer {
  isSealed(value: string): boolean;
  /** The key id a sealed value names (null if it is not one of ours). */
  kidOf(value: string): string | null;
  seal(keyring: Keyring, plaintext: string, context: string): Promise<string>;
  open(keyring: Keyring, value: string, context: string): Promise<{ plaintext: string; kid: string }>;
}

/**
 * AES-256-GCM sealing shared by every sealed artifact: `<prefix><kid>.<nonce>.<ciphertext+tag>`,
 * a random 96-bit nonce per seal, AAD = `coatcheck:<label>:v1|<context>|<kid>`. The newest key
 * seals; any key the keyring still holds opens. Every failure is one generic ERR_DECRYPT_FAILED.
 */
export function createSealer(spec: SealerSpec): Sealer {
  const aad = (context: string, kid: string): Uint8Array =>
    utf8(`coatcheck:${spec.label}:v1|${context}|${kid}`);
  const failed = (cause?: unknown): SessionError =>
    new SessionError('ERR_DECRYPT_FAILED', spec.failure, { cause });
  // Values longer than 2 KB are opened every time: the cache stays a few MB at most.
  const opened = new OpenedCache(spec.cacheOpened ?? 0, 2048);
  return {
    isSealed: (value) => value.startsWith(spec.prefix),
    kidOf: (value) =>
      value.startsWith(spec.prefix) ? (value.slice(spec.prefix.length).split('.')[0] ?? null) : null,
    async seal(keyring, plaintext, context) {
      const { kid, key } = await keyring.current(spec.purpose);
      const nonce = randomBytes(NONCE_BYTES);
      const sealed = await aesGcmEncrypt(key, nonce, utf8(plaintext), aad(context, kid));
      return `${spec.prefix}${kid}.${toBase64Url(nonce)}.${toBase64Url(sealed)}`;
    },
    async open(keyring, value, context) {
      if (!value.startsWith(spec.prefix)) throw failed();
      const [kid, nonceText, sealedText, extra] = value.slice(spec.prefix.length).split('.');
      const key = kid ? await keyring.byKid(spec.purpose, kid) : null;
      if (!key) throw failed();
      // Only a value that opened before, under this very key and context, is found here.
      const cached = opened.get(value, context, key);
      if (cached !== null) return { plaintext: cached, kid: kid! };
      const nonce = nonceText ? fromBase64Url(nonceText) : null;
      const sealed = sealedText ? fromBase64Url(sealedText) : null;
      if (!nonce || nonce.length !== NONCE_BYTES || !sealed || extra !== undefined) throw failed();
      let plaintext: string;
      try {
        plaintext = fromUtf8(await aesGcmDecrypt(key, nonce, sealed, aad(context, kid!)));
      } catch (cause) {
        throw failed(cause);
      }
      opened.set(value, context, key, plaintext);
      return { plaintext, kid: kid! };
    },
  };
}
