import { calculateJwkThumbprint, compactVerify, importJWK } from 'jose';
import { SessionError } from '../../errors.js';
import { sha256 } from '../../lib/crypto.js';
import { toBase64Url, utf8 } from '../../lib/encoding.js';
import { isCompactProof, parseObject, proofHeaderKey } from './header.js';

/** The request a DPoP proof is checked against: its `DPoP` header, method and full URL. */
export interface DpopRequest {
  /** The `DPoP` request header (absent: no proof). */
  proof: string | null | undefined;
  /** The HTTP method, e.g. `POST`. */
  method: string;
  /** The absolute URL the client called, e.g. `https://api.example.com/auth/refresh`. */
  url: string;
}

/** A proof whose signature, header and claims are valid (replay and nonce not yet checked). */
export interface VerifiedProof {
  /** RFC 7638 SHA-256 thumbprint of the proof key: what tokens are bound to (`cnf.jkt`). */
  jkt: string;
  jti: string;
  iat: number;
  nonce: string | undefined;
}

/** What a proof must match besides its own request. */
export interface ProofExpectations {
  /** Milliseconds since the epoch, from the server clock. */
  now: number;
  /** How old `iat` may be, in seconds. */
  maxAgeSeconds: number;
  /** Clock skew tolerated for `iat` in the future, in seconds. */
  leewaySeconds: number;
  /** For resource requests: the access token, whose hash `ath` must carry. */
  accessToken?: string | undefined;
}

/** The one error every proof failure becomes (its cause is kept, its message says nothing). */
export function invalidProof(cause?: unknown): SessionError {
  return new SessionError(
    'ERR_DPOP_INVALID',
    'invalid_dpop_proof',
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Checks a DPoP proof (RFC 9449 §4.3): typ `dpop+jwt`, an allowlisted asymmetric alg, a public
 * embedded key only, the signature, `htm` and `htu` equal to the request's, `iat` inside the
 * window, a `jti`, and `ath` when an access token is presented. Throws ERR_DPOP_INVALID.
 */
export async function verifyProof(request: DpopRequest, expect: ProofExpectations): Promise<VerifiedProof> {
  const proof = request.proof;
  if (typeof proof !== 'string' || !isCompactProof(proof)) throw invalidProof();
  const key = await proofKey(proof.slice(0, proof.indexOf('.')), proof);
  try {
    await compactVerify(proof, key.key, { algorithms: [key.alg] });
  } catch (cause) {
    throw invalidProof(cause);
  }
  const claims = parseObject(proof.slice(proof.indexOf('.') + 1, proof.lastIndexOf('.')));
  if (!claims) throw invalidProof();
  const { jti, htm, htu, iat, ath, nonce } = claims;
  if (typeof jti !== 'string' || jti.length < 8 || jti.length > 256) throw invalidProof();
  if (htm !== request.method || typeof htu !== 'string' || !sameTarget(htu, request.url))
    throw invalidProof();
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw invalidProof();
  const age = expect.now / 1000 - iat;
  if (age > expect.maxAgeSeconds + expect.leewaySeconds || age < -expect.leewaySeconds) throw invalidProof();
  if (nonce !== undefined && typeof nonce !== 'string') throw invalidProof();
  if (expect.accessToken !== undefined && ath !== (await accessTokenHash(expect.accessToken))) {
    throw invalidProof();
  }
  return { jkt: key.jkt, jti, iat, nonce };
}

interface ProofKey {
  key: CryptoKey | Uint8Array;
  alg: string;
  jkt: string;
}

// A client signs every proof with one key, so its proofs share one header segment: the imported
// key and its thumbprint are kept by that exact segment (bounded, oldest out), which saves a key
// import and a digest per request. The signature is still checked on every proof.
const KEY_CACHE_SIZE = 1024;
const keyCache = new Map<string, Promise<ProofKey>>();

async function proofKey(headerSegment: string, proof: string): Promise<ProofKey> {
  let entry = keyCache.get(headerSegment);
  if (!entry) {
    const parsed = proofHeaderKey(proof);
    if (!parsed) throw invalidProof();
    const { jwk, alg } = parsed;
    entry = (async () => ({
      key: await importJWK(jwk, alg),
      alg,
      jkt: await calculateJwkThumbprint(jwk, 'sha256'),
    }))();
    entry.catch(() => keyCache.delete(headerSegment));
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
    keyCache.set(headerSegment, entry);
  }
  try {
    return await entry;
  } catch (cause) {
    throw invalidProof(cause);
  }
}

/** `ath`: base64url SHA-256 of the access token's ASCII bytes. */
export async function accessTokenHash(accessToken: string): Promise<string> {
  return toBase64Url(await sha256(utf8(accessToken)));
}

// htu is compared without query and fragment, after the URL parser's normalisation (case of scheme
// and host, default port, dot segments), as RFC 9449 §4.3 asks.
function sameTarget(htu: string, url: string): boolean {
  const a = URL.parse(htu);
  const b = URL.parse(url);
  if (!a || !b || a.username || a.password) return false;
  return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
}
