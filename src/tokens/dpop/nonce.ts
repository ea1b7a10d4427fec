import { hmacSha256, type KeyMaterial, timingSafeEqual } from '../../lib/crypto.js';
import { fromBase64Url, toBase64Url, utf8 } from '../../lib/encoding.js';

const TAG_BYTES = 16;

/**
 * Server nonces (RFC 9449 §8) without server state: `<slot>.<HMAC(key, slot)>`, where a slot is
 * one window of time. The nonce of the current and of the previous slot are accepted, so a nonce
 * lives between one and two windows and no store call is needed to check it.
 */
export class NonceIssuer {
  constructor(
    readonly key: () => Promise<KeyMaterial>,
    readonly windowMs: number,
  ) {}

  /** The nonce to hand out now (the `DPoP-Nonce` header). */
  async current(now: number): Promise<string> {
    return this.#nonce(Math.floor(now / this.windowMs));
  }

  /** True when `nonce` is the current or previous slot's nonce. */
  async accepts(nonce: string | undefined, now: number): Promise<boolean> {
    if (typeof nonce !== 'string' || nonce.length > 64) return false;
    const slot = Math.floor(now / this.windowMs);
    for (const candidate of [slot, slot - 1]) {
      const a = fromBase64Url(nonce.slice(nonce.indexOf('.') + 1));
      const b = fromBase64Url((await this.#nonce(candidate)).split('.')[1]!);
      if (nonce.startsWith(`${candidate}.`) && a && b && timingSafeEqual(a, b)) return true;
    }
    return false;
  }

  async #nonce(slot: number): Promise<string> {
    const mac = await hmacSha256(await this.key(), utf8(`coatcheck:dpop-nonce:v1|${slot}`));
    return `${slot}.${toBase64Url(mac.subarray(0, TAG_BYTES))}`;
  }
}
