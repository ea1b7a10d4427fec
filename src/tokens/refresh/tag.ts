import type { Keyring } from '../../keys/keyring.js';
import { hmacSha256, type KeyMaterial, timingSafeEqual } from '../../lib/crypto.js';
import { fromBase64Url, toBase64Url, utf8 } from '../../lib/encoding.js';
import { formatRefreshToken, type ParsedRefreshToken } from './token.js';

// The issuance tag proves the server minted a token. The family id is public (events, logs), so
// without it anyone could send `rt_<family>.<made-up secret>`, which looks exactly like a replayed
// old generation and would revoke the family (RT-3). A forgery now fails here, before the store.
const TAG_BYTES = 16;

/** First 16 bytes of HMAC(refresh key, "coatcheck:refresh-issued:v1|" ‖ familyId ‖ "|" ‖ secret). */
async function issuanceTag(key: KeyMaterial, familyId: string, secret: string): Promise<Uint8Array> {
  const mac = await hmacSha256(key, utf8(`coatcheck:refresh-issued:v1|${familyId}|${secret}`));
  return mac.subarray(0, TAG_BYTES);
}

/** The full token `rt_<familyId>.<secret>.<tag>`, tagged with `key`. The same inputs give the same token. */
export async function issueRefreshToken(key: KeyMaterial, familyId: string, secret: string): Promise<string> {
  return formatRefreshToken(familyId, secret, toBase64Url(await issuanceTag(key, familyId, secret)));
}

/**
 * True when the token's tag was made by one of the keyring's refresh keys (newest first, so tokens
 * tagged before a keyring rotation stay valid while their key is kept). Constant-time compare.
 */
export async function issuedByUs(keyring: Keyring, token: ParsedRefreshToken): Promise<boolean> {
  const presented = fromBase64Url(token.tag);
  if (!presented || presented.length !== TAG_BYTES) return false;
  for (const { key } of await keyring.all('refresh')) {
    if (timingSafeEqual(presented, await issuanceTag(key, token.familyId, token.secret))) return true;
  }
  return false;
}
