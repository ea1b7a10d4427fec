import { SessionError } from '../../errors.js';
import type { Keyring } from '../../keys/keyring.js';
import { hmacSha256, type KeyMaterial } from '../../lib/crypto.js';
import { toBase64Url, utf8 } from '../../lib/encoding.js';
import { routeTag } from '../../session-id/route-tag.js';
import { hashSecret, type MintedSessionToken } from '../../session-id/session-token.js';

/**
 * The coatcheck token a legacy session becomes, derived from its id under the keyring's `legacy`
 * key. Derivation (not randomness) is what makes migration exactly-once: parallel requests carrying
 * the same legacy cookie compute the same token, and the store's create-if-absent lets one win.
 * The derivation needs the server's secret, so a legacy session id alone never yields a token.
 */
export async function deriveLegacyCore(
  keyring: Keyring,
  legacySid: string,
  kid?: string,
): Promise<{ core: string; secret: string }> {
  const key = kid ? await keyring.byKid('legacy', kid) : (await keyring.current('legacy')).key;
  if (!key) throw new SessionError('ERR_CONFIG_INVALID', 'Unknown key id for legacy derivation');
  return deriveFromSid(key, 'legacy', legacySid);
}

/**
 * An id core (18 characters) and a secret derived from an express-session id under one key; `label`
 * separates uses (legacy migration, the express-session store bridge), so they never collide.
 */
export async function deriveFromSid(
  key: KeyMaterial,
  label: string,
  sid: string,
): Promise<{ core: string; secret: string }> {
  const core = toBase64Url(await hmacSha256(key, utf8(`coatcheck:${label}:id|${sid}`))).slice(0, 18);
  const secret = toBase64Url(await hmacSha256(key, utf8(`coatcheck:${label}:secret|${sid}`)));
  return { core, secret };
}

/** The full token once the user is known: the user's routing tag, the derived id and secret. */
export async function migratedToken(
  derived: { core: string; secret: string },
  userId: string,
): Promise<MintedSessionToken> {
  const id = routeTag(userId) + derived.core;
  return {
    id,
    secret: derived.secret,
    token: `${id}.${derived.secret}`,
    secretHash: await hashSecret(derived.secret),
  };
}

/**
 * Every derivation the keyring can make, newest key first: a claim made before a secret rotation
 * is found under the key that made it, so a rotation during the window signs no one out.
 */
export async function legacyDerivations(
  keyring: Keyring,
  legacySid: string,
): Promise<{ core: string; secret: string }[]> {
  return Promise.all(keyring.kids.map((kid) => deriveLegacyCore(keyring, legacySid, kid)));
}
