import { fromBase64Url, fromUtf8 } from '../../lib/encoding.js';
import { hasDuplicateTopLevelKeys } from '../../lib/json-keys.js';

/** Largest proof accepted, in characters; anything longer is refused unparsed. */
export const MAX_PROOF_LENGTH = 4096;
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Asymmetric algorithms a proof may use (RFC 9449 §4.3: never `none`, never a MAC). */
export const DPOP_ALGORITHMS = ['ES256', 'EdDSA', 'Ed25519'] as const;
export type DpopAlgorithm = (typeof DPOP_ALGORITHMS)[number];
// Headers that would fetch or chain keys, or change how the JWS is processed: never in a proof.
const FORBIDDEN = ['jku', 'x5u', 'x5c', 'kid', 'crit', 'b64', 'zip', 'enc'];
// Public members a proof key may carry; anything else (a private `d`, RSA `p`/`q`, a symmetric `k`) is refused.
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  EC: ['kty', 'crv', 'x', 'y', 'alg', 'use', 'key_ops', 'ext'],
  OKP: ['kty', 'crv', 'x', 'alg', 'use', 'key_ops', 'ext'],
};

/** The public key a proof carries, checked to hold public members only. */
export type ProofJwk = { kty: 'EC' | 'OKP'; crv: string; x: string; y?: string };

/**
 * Structural checks before any cryptography: compact form, a JSON object header without
 * duplicate members, `typ` exactly `dpop+jwt`, an allowlisted asymmetric `alg`, and an embedded
 * `jwk` that is a public EC (P-256) or OKP (Ed25519) key. Returns the key and alg, or null.
 */
export function proofHeaderKey(proof: string): { jwk: ProofJwk; alg: DpopAlgorithm } | null {
  if (!isCompactProof(proof)) return null;
  const header = parseObject(proof.slice(0, proof.indexOf('.')));
  if (header?.typ !== 'dpop+jwt') return null;
  if (!(DPOP_ALGORITHMS as readonly unknown[]).includes(header.alg)) return null;
  if (FORBIDDEN.some((name) => Object.hasOwn(header, name))) return null;
  const jwk = header.jwk;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return null;
  const key = jwk as Record<string, unknown>;
  const allowed = typeof key.kty === 'string' ? PUBLIC_MEMBERS[key.kty] : undefined;
  if (!allowed || !Object.keys(key).every((name) => allowed.includes(name))) return null;
  const curveFits =
    header.alg === 'ES256' ? key.crv === 'P-256' && typeof key.y === 'string' : key.crv === 'Ed25519';
  if (!curveFits || typeof key.x !== 'string') return null;
  return { jwk: key as ProofJwk, alg: header.alg as DpopAlgorithm };
}

/** A compact JWS of bounded length: checked on every proof, before anything else. */
export function isCompactProof(proof: string): boolean {
  return proof.length <= MAX_PROOF_LENGTH && COMPACT.test(proof);
}

/** Decodes a base64url JSON object part; null when it is not one, or has duplicate members. */
export function parseObject(part: string): Record<string, unknown> | null {
  const bytes = fromBase64Url(part);
  if (!bytes) return null;
  try {
    const text = fromUtf8(bytes);
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    return hasDuplicateTopLevelKeys(text) ? null : (value as Record<string, unknown>);
  } catch {
    return null;
  }
}
