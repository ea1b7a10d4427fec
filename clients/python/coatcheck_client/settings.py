"""Configuration from the environment, one contract for every Python backend and example."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple

from .async_client import AsyncCoatcheckClient
from .client import CoatcheckClient
from .errors import ConfigError
from .urls import checked_url
from .verify import AccessTokenVerifier

# What `coatcheck serve` prints by default, and the issuer its tokens name.
DEFAULT_SERVICE_URL = "http://localhost:3000"


@dataclass(frozen=True)
class Settings:
    """``COATCHECK_SERVICE_URL`` (default ``http://localhost:3000``: the URL ``coatcheck serve``
    prints), ``COATCHECK_SERVICE_KEY`` (required, a secret), ``COATCHECK_ISSUER`` (default: the
    service URL, which is what ``coatcheck serve`` signs as unless ``COATCHECK_ISSUER`` or a public
    origin is set there; it prints the issuer when it differs from its URL), ``COATCHECK_AUDIENCE``
    (default ``coatcheck``, the operator's; behind an app's key, the app's audience: its name
    unless the service sets ``COATCHECK_APP_AUDIENCE``), ``COATCHECK_JWKS_URL`` (default ``<service>/.well-known/jwks.json``),
    ``COATCHECK_ORIGINS`` (comma-separated trusted origins), ``COATCHECK_TIMEOUT`` (seconds, 3)."""

    service_url: str
    service_key: str = field(repr=False)
    issuer: str
    audience: str
    jwks_url: str
    origins: Tuple[str, ...] = ()
    timeout: float = 3.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> "Settings":
        url = checked_url(env.get("COATCHECK_SERVICE_URL") or DEFAULT_SERVICE_URL, "COATCHECK_SERVICE_URL")
        key = env.get("COATCHECK_SERVICE_KEY") or ""
        if len(key) < 16:
            raise ConfigError("COATCHECK_SERVICE_KEY is required (one of the service's COATCHECK_SERVICE_KEYS)")
        try:
            timeout = float(env.get("COATCHECK_TIMEOUT") or 3.0)
        except ValueError:
            raise ConfigError("COATCHECK_TIMEOUT must be a number of seconds") from None
        origins = tuple(o.strip() for o in (env.get("COATCHECK_ORIGINS") or "").split(",") if o.strip())
        return cls(
            service_url=url,
            service_key=key,
            issuer=env.get("COATCHECK_ISSUER") or url,
            audience=env.get("COATCHECK_AUDIENCE") or "coatcheck",
            jwks_url=env.get("COATCHECK_JWKS_URL") or f"{url}/.well-known/jwks.json",
            origins=origins,
            timeout=timeout,
        )

    def client(self) -> CoatcheckClient:
        """A synchronous client (Django, scripts); make one per process and reuse it."""
        return CoatcheckClient(self.service_url, self.service_key, timeout=self.timeout)

    def async_client(self) -> AsyncCoatcheckClient:
        """An asyncio client (FastAPI); make one per process and reuse it."""
        return AsyncCoatcheckClient(self.service_url, self.service_key, timeout=self.timeout)

    def verifier(self, algorithms: Optional[Tuple[str, ...]] = None) -> AccessTokenVerifier:
        return AccessTokenVerifier(issuer=self.issuer, audience=self.audience, jwks_url=self.jwks_url,
                                   algorithms=algorithms or ("EdDSA",))
