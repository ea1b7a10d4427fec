import { SessionError } from '../errors.js';
import { aesGcmDecrypt, aesGcmEncrypt } from '../lib/crypto.js';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../lib/encoding.js';
import { randomBytes } from '../lib/random.js';
import type { KeyPurpose } from './keyring.js';
import { OpenedCache } from './opened-cache.js';
import type { Sealer } from './sealer.js';

const NONCE_BYTES = 12;

/** A sealed kind whose key changes every period; values of the `previous` format still open. */
export interface PeriodSealerSpec {
  purpose: KeyPurpose;
  /** e.g. `$e2.`: `<prefix><kid>.<period, base 36>.<nonce>.<ciphertext+tag>`. */
  prefix: string;
  label: string;
  failure: string;
  periodSeconds: number;
  /** The format sealed before (opened, never written). */
  previous: Sealer;
  cacheOpened?: number;
  now?: () => number;
}

/**
 * AES-256-GCM under a data key derived (HKDF) per key id *and period*, so no one key seals more
 * than one period's writes and random 96-bit nonces stay far below the 2^32-message bound (an
 * hourly key would need over a million seals a second to approach it). AAD =
 * `coatcheck:<label>:v2|<context>|<kid>|<period>`. The newest secret seals in the current period;
 * any key the keyring still holds opens values of any period, and values of `previous`.
 */
export function createPeriodSealer(spec: PeriodSealerSpec): Sealer {
  const now = spec.now ?? Date.now;
  const aad = (context: string, kid: string, period: string): Uint8Array =>
    utf8(`coatcheck:${spec.label}:v2|${context}|${kid}|${period}`);
  const failed = (cause?: unknown): SessionError =>
    new SessionError('ERR_DECRYPT_FAILED', spec.failure, { cause });
  const opened = new OpenedCache(spec.cacheOpened ?? 0, 2048);
  const ours = (value: string): boolean => value.startsWith(spec.prefix);
  return {
    isSealed: (value) => ours(value) || spec.previous.isSealed(value),
    kidOf: (value) =>
      ours(value) ? (value.slice(spec.prefix.length).split('.')[0] ?? null) : spec.previous.kidOf(value),
    async seal(keyring, plaintext, context) {
      const kid = keyring.kids[0]!;
      const period = Math.floor(now() / 1000 / spec.periodSeconds).toString(36);
      const key = (await keyring.scoped(spec.purpose, kid, `period:${period}`))!;
      const nonce = randomBytes(NONCE_BYTES);
      const sealed = await aesGcmEncrypt(key, nonce, utf8(plaintext), aad(context, kid, period));
      return `${spec.prefix}${kid}.${period}.${toBase64Url(nonce)}.${toBase64Url(sealed)}`;
    },
    async open(keyring, value, context) {
      if (!ours(value)) return spec.previous.open(keyring, value, context);
      const [kid, period, nonceText, sealedText, extra] = value.slice(spec.prefix.length).split('.');
      if (!kid || !period || !/^[0-9a-z]{1,11}$/.test(period) || extra !== undefined) throw failed();
      const key = await keyring.scoped(spec.purpose, kid, `period:${period}`);
      if (!key) throw failed();
      const cached = opened.get(value, context, key);
      if (cached !== null) return { plaintext: cached, kid };
      const nonce = nonceText ? fromBase64Url(nonceText) : null;
      const sealed = sealedText ? fromBase64Url(sealedText) : null;
      if (!nonce || nonce.length !== NONCE_BYTES || !sealed) throw failed();
      let plaintext: string;
      try {
        plaintext = fromUtf8(await aesGcmDecrypt(key, nonce, sealed, aad(context, kid, period)));
      } catch (cause) {
        throw failed(cause);
      }
      opened.set(value, context, key, plaintext);
      return { plaintext, kid };
    },
  };
}
