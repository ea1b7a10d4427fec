"""Signing keys for local verification: one JWKS URL (or a local JWKS), cached, refetched on an
unknown ``kid`` at most once per cooldown. Token headers can never point it anywhere else."""

from __future__ import annotations

import json
import re
import threading
import time
from typing import Callable, Dict, Mapping, Optional

import httpx

from .errors import ConfigError, ServiceUnavailableError
from .urls import checked_url

KID_PATTERN = re.compile(r"\A[A-Za-z0-9._-]{1,64}\Z")
# Which key type each algorithm needs; a key of another type never verifies (TK-2).
KEY_TYPES = {"EdDSA": ("OKP", "Ed25519"), "ES256": ("EC", "P-256"), "PS256": ("RSA", None)}
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "k", "oth")
# A 3072-bit modulus is 384 bytes: 512 base64url characters (CR-1).
RSA_MIN_N_CHARS = 512
# A JWKS holds a handful of public keys; anything far larger is not one (and is not kept in memory).
MAX_JWKS_BYTES = 64 * 1024


def usable_key(jwk: Mapping, alg: str) -> bool:
    """True when a published key may verify ``alg``: its own ``alg`` agrees, public members only."""
    kty, crv = KEY_TYPES.get(alg, (None, None))
    if kty is None or jwk.get("alg") != alg or jwk.get("kty") != kty:
        return False
    if crv is not None and jwk.get("crv") != crv:
        return False
    if jwk.get("use", "sig") != "sig" or any(name in jwk for name in PRIVATE_MEMBERS):
        return False
    return kty != "RSA" or (isinstance(jwk.get("n"), str) and len(jwk["n"]) >= RSA_MIN_N_CHARS)


class KeySet:
    """Public keys by ``kid``. Thread-safe: frameworks call it from worker threads.

    ``max_age`` bounds how long a fetched JWKS is used before a refetch; ``cooldown`` is the least
    time between two fetches, so tokens with random ``kid`` values cannot make it hammer the URL.
    """

    def __init__(self, *, jwks_url: Optional[str] = None, jwks: Optional[Mapping] = None,
                 timeout: float = 3.0, cooldown: float = 30.0, max_age: float = 600.0,
                 clock: Callable[[], float] = time.monotonic,
                 transport: Optional[httpx.BaseTransport] = None) -> None:
        if (jwks_url is None) == (jwks is None):
            raise ConfigError("give exactly one of jwks_url and jwks")
        self._url = checked_url(jwks_url, "jwks_url") if jwks_url is not None else None
        self._timeout = timeout
        self._cooldown = cooldown
        self._max_age = max_age
        self._clock = clock
        self._transport = transport
        self._lock = threading.Lock()
        self._flight: Optional[threading.Event] = None
        self._keys: Optional[Dict[str, dict]] = None
        self._fetched_at = float("-inf")
        if jwks is not None:
            try:
                self._keys = _index(jwks)
            except ValueError:
                raise ConfigError("jwks must be a JWKS document") from None
            if any(not KID_PATTERN.match(str(k.get("kid"))) for k in jwks.get("keys", [])):
                raise ConfigError("every key needs a valid kid")
            if any(name in k for k in jwks.get("keys", []) for name in PRIVATE_MEMBERS):
                raise ConfigError("a verifier takes public keys only")

    def get(self, kid: str) -> Optional[dict]:
        """The published key with this ``kid``, or None. Raises ServiceUnavailableError only when
        no keys could be loaded at all.

        The fetch runs outside the lock, one at a time (single flight): while a slow JWKS endpoint
        is being asked about an unknown ``kid``, tokens signed by known keys verify at once. Only
        callers that need the fetch's result (no keys yet) wait for it."""
        if self._url is None:
            return self._keys.get(kid) if self._keys is not None else None
        with self._lock:
            now = self._clock()
            stale = now - self._fetched_at >= self._max_age
            unknown = self._keys is None or kid not in self._keys
            flight = self._flight
            if flight is None and (stale or unknown) and now - self._fetched_at >= self._cooldown:
                self._fetched_at = now  # a failed fetch also waits out the cooldown
                flight = self._flight = threading.Event()
                fetch = True
            else:
                fetch = False
            keys = self._keys
        if fetch and flight is not None:
            self._fetch_outside_lock(flight)
        elif flight is not None and keys is None:
            flight.wait(self._timeout + 1)  # nothing to answer with until the first fetch ends
        with self._lock:
            if self._keys is None:  # never loaded, and still cooling down after a failure
                raise ServiceUnavailableError("The signing keys are unavailable")
            return self._keys.get(kid)

    def _fetch_outside_lock(self, flight: threading.Event) -> None:
        try:
            keys = self._download()
        except (httpx.HTTPError, ValueError, TypeError, AttributeError):
            keys = None  # keep the keys we have: rotation publishes new keys well before they sign
        with self._lock:
            if keys is not None:
                self._keys = keys
            self._flight = None
        flight.set()

    def _download(self) -> Dict[str, dict]:
        """One GET, read as a stream and abandoned as soon as it passes MAX_JWKS_BYTES."""
        if self._url is None:  # a fixed key set: nothing to fetch
            raise ValueError("no JWKS URL")
        with httpx.Client(timeout=self._timeout, transport=self._transport, follow_redirects=False) as http:
            with http.stream("GET", self._url,
                             headers={"accept": "application/jwk-set+json, application/json"}) as response:
                response.raise_for_status()
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > MAX_JWKS_BYTES:
                        raise ValueError("JWKS too large")
        return _index(json.loads(bytes(body)))


def _index(document: Mapping) -> Dict[str, dict]:
    keys = document.get("keys") if isinstance(document, Mapping) else None
    if not isinstance(keys, list):
        raise ValueError("not a JWKS")
    out: Dict[str, dict] = {}
    for jwk in keys:
        if isinstance(jwk, dict) and isinstance(jwk.get("kid"), str) and KID_PATTERN.match(jwk["kid"]):
            out[jwk["kid"]] = dict(jwk)
    return out
