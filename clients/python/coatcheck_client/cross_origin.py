"""The cross-origin decision for unsafe methods, the same table as coatcheck's own (XO-1…XO-4):
Fetch Metadata first, then an exact Origin allowlist, then a CSRF token when neither header is
present and the session cookie is. Content-Type is never consulted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional
from urllib.parse import urlsplit

from .errors import ConfigError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True)
class Verdict:
    """``allow``, ``require-token`` (a valid CSRF token for the session), or ``reject`` (403)."""

    action: str
    reason: Optional[str] = None


ALLOW = Verdict("allow")
REQUIRE_TOKEN = Verdict("require-token")


def normalize_origins(origins: Iterable[str]) -> frozenset:
    """Checks configured origins are bare ``scheme://host[:port]`` and returns them serialized
    (lower case, default ports dropped) so a request's Origin compares by exact equality."""
    out = set()
    for origin in origins:
        try:
            parts = urlsplit(origin)
            port = parts.port
        except (ValueError, TypeError, AttributeError):
            raise ConfigError("a trusted origin is not a URL") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError("trusted origins must be bare origins like https://app.example")
        default = {"http": 80, "https": 443}[parts.scheme]
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        serialized = f"{parts.scheme}://{host}" + ("" if port in (None, default) else f":{port}")
        if serialized != origin.rstrip("/").lower():
            raise ConfigError(f"trusted origins must be bare origins like {serialized}")
        out.add(serialized)
    return frozenset(out)


class CrossOriginCheck:
    """Decides what to do with a request. ``method`` is the method on the wire: method-override
    headers and fields are never consulted.

    Example::

        from coatcheck_client import CrossOriginCheck
        check = CrossOriginCheck(trusted_origins=["https://app.example"])
        check.decide("POST", sec_fetch_site="cross-site", origin=None, has_session_cookie=True)
        # Verdict(action='reject', reason='cross-site')
    """

    def __init__(self, trusted_origins: Iterable[str] = (), allow_same_site: bool = False) -> None:
        self._trusted = normalize_origins(trusted_origins)
        self._allow_same_site = allow_same_site

    def decide(self, method: str, *, sec_fetch_site: Optional[str], origin: Optional[str],
               has_session_cookie: bool) -> Verdict:
        if method in SAFE_METHODS:
            return ALLOW
        trusted = origin is not None and origin in self._trusted
        if sec_fetch_site in ("same-origin", "none"):
            return ALLOW
        if sec_fetch_site == "same-site":
            return ALLOW if self._allow_same_site or trusted else Verdict("reject", "same-site")
        if sec_fetch_site == "cross-site":
            return ALLOW if trusted else Verdict("reject", "cross-site")
        if sec_fetch_site is not None:
            return Verdict("reject", "bad-fetch-metadata")
        if origin is not None:
            return ALLOW if trusted else Verdict("reject", "untrusted-origin")
        return REQUIRE_TOKEN if has_session_cookie else ALLOW
