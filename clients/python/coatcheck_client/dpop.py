"""DPoP proofs (RFC 9449) for resource servers: the checks coatcheck's own verifier makes.

A DPoP-bound access token (``cnf.jkt``) is accepted only with ``Authorization: DPoP <token>`` and a
``DPoP`` header holding a fresh proof, signed by the bound key, that names this request and the
token (``ath``). Each proof is accepted once (its ``jti`` is remembered until it would be stale).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Mapping, Optional
from urllib.parse import SplitResult, urlsplit

import jwt

from .errors import CoatcheckError

MAX_PROOF_LENGTH = 4096
ALGORITHMS = {"ES256": ("EC", "P-256"), "EdDSA": ("OKP", "Ed25519")}
FORBIDDEN_HEADERS = ("jku", "x5u", "x5c", "kid", "crit", "b64", "zip", "enc")
PUBLIC_MEMBERS = {"EC": {"kty", "crv", "x", "y", "alg", "use", "key_ops", "ext"},
                  "OKP": {"kty", "crv", "x", "alg", "use", "key_ops", "ext"}}
THUMBPRINT_MEMBERS = {"EC": ("crv", "kty", "x", "y"), "OKP": ("crv", "kty", "x")}


class InvalidDpopProofError(CoatcheckError):
    """A DPoP proof failed a check. Always the same generic ``invalid_dpop_proof``."""

    code = "ERR_DPOP_INVALID"
    status = 401

    def __init__(self) -> None:
        super().__init__("invalid_dpop_proof")


@dataclass(frozen=True)
class DpopRequest:
    """What a proof is checked against: the ``DPoP`` header, the method and the full URL."""

    proof: Optional[str]
    method: str
    url: str


class ReplayCache:
    """Remembers proof ``jti`` values for one process. With several processes, pass
    ``remember=`` a shared insert-if-absent instead (e.g. Redis ``SET key 1 NX EX ttl``)."""

    def __init__(self, clock: Callable[[], float] = time.time, limit: int = 100_000) -> None:
        self._seen: Dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock, self._limit = clock, limit

    def __call__(self, key: str, ttl_seconds: int) -> bool:
        now = self._clock()
        with self._lock:
            if len(self._seen) >= self._limit:
                self._seen = {k: t for k, t in self._seen.items() if t > now}
            if self._seen.get(key, 0) > now:
                return False
            self._seen[key] = now + ttl_seconds
            return True


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 SHA-256 thumbprint: the required members, sorted, no whitespace."""
    members = THUMBPRINT_MEMBERS[jwk["kty"]]
    canonical = json.dumps({name: jwk[name] for name in members}, separators=(",", ":"), sort_keys=True)
    return _b64(hashlib.sha256(canonical.encode()).digest())


def access_token_hash(token: str) -> str:
    """``ath``: base64url SHA-256 of the access token's ASCII bytes."""
    return _b64(hashlib.sha256(token.encode("ascii")).digest())


class DpopVerifier:
    """Checks proofs strictly: typ ``dpop+jwt``, ES256 or EdDSA only, a public embedded key only,
    the signature, ``htm``/``htu`` equal to the request's, ``iat`` inside the window, a ``jti``
    seen once, ``ath`` when a token is presented. Returns the key's thumbprint."""

    def __init__(self, *, max_age_seconds: int = 60, leeway_seconds: int = 5,
                 remember: Optional[Callable[[str, int], bool]] = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._max_age, self._leeway, self._clock = max_age_seconds, leeway_seconds, clock
        self._remember = remember or ReplayCache(clock)

    def verify(self, request: DpopRequest, access_token: Optional[str] = None) -> str:
        from .verify import _decode_json  # one JSON rule for tokens and proofs

        proof = request.proof
        if not isinstance(proof, str) or len(proof) > MAX_PROOF_LENGTH or proof.count(".") != 2:
            raise InvalidDpopProofError()
        header = _decode_json(proof.split(".")[0])
        if header is None or header.get("typ") != "dpop+jwt" or header.get("alg") not in ALGORITHMS:
            raise InvalidDpopProofError()
        jwk = header.get("jwk")
        kty, crv = ALGORITHMS[header["alg"]]
        if any(name in header for name in FORBIDDEN_HEADERS) or not isinstance(jwk, dict):
            raise InvalidDpopProofError()
        if jwk.get("kty") != kty or jwk.get("crv") != crv or not set(jwk) <= PUBLIC_MEMBERS[kty]:
            raise InvalidDpopProofError()
        try:
            key = jwt.PyJWK(jwk, algorithm=header["alg"]).key
            claims = jwt.decode(proof, key, algorithms=[header["alg"]],
                                options={"require": ["jti", "htm", "htu", "iat"], "verify_exp": False,
                                         "verify_nbf": False, "verify_iat": False, "verify_aud": False})
        except Exception:
            raise InvalidDpopProofError() from None
        if _decode_json(proof.split(".")[1]) is None or not self._claims_fit(claims, request, access_token):
            raise InvalidDpopProofError()
        jkt = jwk_thumbprint(jwk)
        ttl = self._max_age + 2 * self._leeway
        if not self._remember(f"dpop-jti:{jkt}:{claims['jti']}", ttl):
            raise InvalidDpopProofError()
        return jkt

    def _claims_fit(self, claims: Mapping[str, Any], request: DpopRequest, access_token: Optional[str]) -> bool:
        jti, iat = claims.get("jti"), claims.get("iat")
        if not isinstance(jti, str) or not 8 <= len(jti) <= 256:
            return False
        if claims.get("htm") != request.method or not _same_target(claims.get("htu"), request.url):
            return False
        if not isinstance(iat, (int, float)) or isinstance(iat, bool):
            return False
        age = self._clock() - iat
        if age > self._max_age + self._leeway or age < -self._leeway:
            return False
        return access_token is None or claims.get("ath") == access_token_hash(access_token)


def _same_target(htu: Any, url: str) -> bool:
    """htu without query and fragment; scheme and host compared case-insensitively."""
    if not isinstance(htu, str):
        return False
    try:
        a, b = urlsplit(htu), urlsplit(url)
        if a.username or a.password:
            return False
        return (a.scheme.lower(), _netloc(a), a.path or "/") == (b.scheme.lower(), _netloc(b), b.path or "/")
    except ValueError:
        return False


def _netloc(parts: SplitResult) -> str:
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    port = parts.port
    host = (parts.hostname or "").lower()
    return host if port in (None, default) else f"{host}:{port}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
