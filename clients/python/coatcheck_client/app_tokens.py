"""App-bound access tokens: the app claim's form, and the migration window for an app's tokens
issued before app audiences (the service's shared audience, ``sub`` ``<app>:<user id>``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from .errors import ConfigError

# An app (tenant) name, as in the service's `<app>=ck_…` keys; an app's token names it in `app`.
APP_NAME = re.compile(r"\A[a-z][a-z0-9-]{0,31}\Z")
MAX_WINDOW_SECONDS = 24 * 3600


@dataclass(frozen=True)
class LegacyAppTokens:
    """Until ``until`` (seconds since the epoch: the service's upgrade plus one access-token
    lifetime, at most 24 hours ahead), also accept this app's tokens issued before app audiences:
    ``aud`` the old shared ``audience``, no ``app`` claim, ``sub`` ``<app>:<user id>``. They verify
    as the app's (``user_id`` without the prefix); another app's are refused.

    Example::

        from coatcheck_client import AccessTokenVerifier, LegacyAppTokens
        verifier = AccessTokenVerifier(issuer=..., audience="billing", jwks_url=...,
                                       legacy=LegacyAppTokens("billing", "coatcheck", until=upgrade + 300))
    """

    app: str
    audience: str
    until: float

    def check(self, audiences: Sequence[str], now: float) -> None:
        if not isinstance(self.app, str) or not APP_NAME.match(self.app):
            raise ConfigError("legacy needs an app name")
        if not isinstance(self.audience, str) or not self.audience or self.audience in audiences:
            raise ConfigError("legacy.audience must be the old audience, not one of audience")
        if not isinstance(self.until, (int, float)) or not self.until <= now + MAX_WINDOW_SECONDS:
            raise ConfigError("legacy.until must be at most 24 hours ahead")


def app_claim_acceptable(claims: Mapping[str, Any]) -> bool:
    """Absent on an operator's token; when present, an app name (never null or another type)."""
    return "app" not in claims or (isinstance(claims["app"], str) and bool(APP_NAME.match(claims["app"])))


def legacy_user_id(claims: Mapping[str, Any], audiences: Sequence[str],
                   legacy: Optional[LegacyAppTokens], now: float) -> Optional[str]:
    """For a token that holds none of the verifier's audiences (accepted for the legacy one): its
    app-relative user id when the window is open and the token is this app's, else None (refuse).
    An empty string means "not a legacy token": the verifier's own audience is in ``aud``."""
    aud = claims["aud"]
    held = [aud] if isinstance(aud, str) else list(aud)
    if any(a in audiences for a in held):
        return ""
    if legacy is None or now >= legacy.until or "app" in claims:
        return None
    prefix = f"{legacy.app}:"
    sub = claims["sub"]
    return sub[len(prefix):] if sub.startswith(prefix) and len(sub) > len(prefix) else None
