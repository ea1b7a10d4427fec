import { sha256 } from '../../lib/crypto.js';
import { toBase64Url, utf8 } from '../../lib/encoding.js';
import type { StoreGateway } from '../../stores/gateway.js';
import type { SessionStore } from '../../stores/types.js';
import { invalidProof, type VerifiedProof } from './proof.js';

/** The one store call a proof's replay check needs. */
export type ReplayStore = Pick<SessionStore, 'putDocument'>;

/**
 * Refuses a proof whose `jti` was seen before, in one atomic store call: an insert-if-absent
 * (`expectedVersion` null) of a document named by a hash of the key thumbprint and the jti, that
 * lives as long as the proof could still be accepted. A store outage fails closed.
 */
export async function rememberProof(
  gateway: StoreGateway<ReplayStore>,
  proof: VerifiedProof,
  ttlSeconds: number,
): Promise<void> {
  const name = `dpop-jti:${toBase64Url(await sha256(utf8(`${proof.jkt}|${proof.jti}`)))}`;
  const fresh = await gateway('putDocument', (s) => s.putDocument(name, '1', null, ttlSeconds));
  if (!fresh) throw invalidProof();
}
