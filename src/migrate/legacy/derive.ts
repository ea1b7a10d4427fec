import type { Keyring } from '../../keys/keyring.js';
import { hmacSha256 } from '../../lib/crypto.js';
import { toBase64Url, utf8 } from '../../lib/encoding.js';
import { hashSecret, type MintedSessionToken } from '../../tokens/session-token.js';

/**
 * The coatcheck token a legacy session becomes, derived from its id under the keyring's `legacy`
 * key. Derivation (not randomness) is what makes migration exactly-once: parallel requests carrying
 * the same legacy cookie compute the same token, and the store's create-if-absent lets one win.
 * The derivation needs the server's secret, so a legacy session id alone never yields a token.
 */
export async function deriveMigratedToken(keyring: Keyring, legacySid: string): Promise<MintedSessionToken> {
  const { key } = await keyring.current('legacy');
  const id = toBase64Url((await hmacSha256(key, utf8(`coatcheck:legacy:id|${legacySid}`))).subarray(0, 16));
  const secret = toBase64Url(await hmacSha256(key, utf8(`coatcheck:legacy:secret|${legacySid}`)));
  return { id, secret, token: `${id}.${secret}`, secretHash: await hashSecret(secret) };
}
