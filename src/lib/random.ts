import { toBase64Url } from './encoding.js';

/** Bytes from the platform CSPRNG (`crypto.getRandomValues`, available on every runtime). */
export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** A random base64url string carrying `byteLength` bytes of entropy. */
export function randomToken(byteLength: number): string {
  return toBase64Url(randomBytes(byteLength));
}
