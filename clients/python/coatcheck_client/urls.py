"""The one rule for URLs this package talks to: https, or plain http on loopback only."""

from __future__ import annotations

from urllib.parse import urlsplit

from .errors import ConfigError

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def checked_url(text: str, what: str) -> str:
    """Returns ``text`` without a trailing slash, or raises ConfigError.

    Plain http outside loopback would send the service key and session tokens in clear text.
    """
    if not isinstance(text, str) or not text:
        raise ConfigError(f"{what} is required")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        raise ConfigError(f"{what} is not a URL") from None
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK)
    if not secure or not host:
        raise ConfigError(f"{what} must be https (http only on loopback)")
    if parts.username or parts.password or parts.fragment or parts.query:
        raise ConfigError(f"{what} must not carry credentials, a query or a fragment")
    return text.rstrip("/")
