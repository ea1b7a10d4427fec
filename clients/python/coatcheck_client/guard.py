"""The request flow both framework integrations share: cookie, cross-origin check, validation,
CSRF token. Frameworks only translate their request into these facts and the result back."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Iterable, Optional, Tuple, Union

from .async_client import AsyncCoatcheckClient
from .client import CoatcheckClient
from .cookies import SESSION_COOKIE, find_cookie
from .cross_origin import REQUIRE_TOKEN, CrossOriginCheck
from .errors import CoatcheckError, ConfigError, CrossOriginError, NoSessionError
from .models import Session, Validation

# Events carry reasons and methods only: never a cookie, token or header value (LG-2).
log = logging.getLogger("coatcheck_client")

# The shape of coatcheck's CSRF tokens (`<kid>.<HMAC>`); anything else is never sent on.
CSRF_TOKEN_PATTERN = re.compile(r"\A[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{43}\Z")


class Pending:
    """A session cookie to validate, once the cross-origin check has let the request through."""

    __slots__ = ("token", "csrf_token", "needs_token", "method", "token_sent")

    def __init__(self, token: str, csrf_token: Optional[str], needs_token: bool, method: str,
                 token_sent: bool = False) -> None:
        self.token = token
        self.csrf_token = csrf_token  # only a token of the right shape is ever sent on
        self.needs_token = needs_token
        self.method = method
        self.token_sent = token_sent  # whether the request carried any CSRF token at all


class SessionGuard:
    """Finds and validates the session of a request, or refuses the request.

    :meth:`session` returns the session, or None when there is none (absent, invalid, expired,
    revoked, or a duplicated cookie); raises :class:`CrossOriginError` (403) for a refused unsafe
    request and :class:`ServiceUnavailableError` (503) when the service cannot answer.
    :meth:`asession` is the same with an :class:`~coatcheck_client.AsyncCoatcheckClient`. Both are
    :meth:`check` (no service call) followed by one validate call.
    """

    def __init__(self, client: Union[CoatcheckClient, AsyncCoatcheckClient], *,
                 trusted_origins: Iterable[str] = (), allow_same_site: bool = False,
                 cookie_name: str = SESSION_COOKIE) -> None:
        self.client = client
        self.check_origin = CrossOriginCheck(trusted_origins, allow_same_site)
        self.cookie_name = cookie_name

    def check(self, *, method: str, cookie: Union[str, Iterable[str], None],
              sec_fetch_site: Optional[str], origin: Optional[str],
              csrf_token: Optional[str] = None) -> Optional[Pending]:
        """The part that needs no service: the cookie and the cross-origin decision. Returns what
        is left to validate, or None when the request carries no usable session cookie."""
        status, token = find_cookie(cookie, self.cookie_name)
        if status == "too-large":
            raise CoatcheckError("Cookie header too large", code="ERR_BAD_REQUEST", status=431)
        verdict = self.check_origin.decide(method, sec_fetch_site=sec_fetch_site, origin=origin,
                                           has_session_cookie=status != "absent")
        if status == "duplicate":
            log.warning("coatcheck: duplicate session cookie; the request is treated as signed out")
        if verdict.action == "reject":
            log.warning("coatcheck: cross-origin request refused (%s, %s)", verdict.reason, method[:16])
            raise CrossOriginError()
        if status != "found" or token is None:
            return None
        needs_token = verdict == REQUIRE_TOKEN
        presented = csrf_token if needs_token and csrf_token and CSRF_TOKEN_PATTERN.match(csrf_token) else None
        return Pending(token, presented, needs_token, method, bool(csrf_token))

    def session(self, **request: Any) -> Optional[Session]:
        """The request's session (sync client); see the class for what it raises."""
        pending = self.check(**request)
        return None if pending is None else self.validate(pending)

    def validate(self, pending: Pending) -> Optional[Session]:
        """The service's answer for what :meth:`check` left to validate (sync client)."""
        client = self.client
        if isinstance(client, AsyncCoatcheckClient):
            raise ConfigError("this guard has an async client: use asession()")
        try:
            validation = client.validate(pending.token, csrf_token=pending.csrf_token)
        except NoSessionError:
            return None
        return _checked(pending, validation)

    async def asession(self, **request: Any) -> Optional[Session]:
        """The request's session (async client; a sync client runs in a worker thread)."""
        pending = self.check(**request)
        return None if pending is None else await self.avalidate(pending)

    async def avalidate(self, pending: Pending,
                        client: Optional[AsyncCoatcheckClient] = None) -> Optional[Session]:
        """:meth:`validate` for asyncio: on ``client`` (or this guard's client; a sync one runs in a
        worker thread)."""
        client_in_use = client or self.client
        try:
            if isinstance(client_in_use, AsyncCoatcheckClient):
                validation = await client_in_use.validation(pending.token, pending.csrf_token)
            else:
                validation = await asyncio.to_thread(client_in_use.validate, pending.token,
                                                     csrf_token=pending.csrf_token)
        except NoSessionError:
            return None
        return _checked(pending, validation)


def _checked(pending: Pending, validation: Validation) -> Session:
    if pending.needs_token and validation.csrf_valid is not True:
        # Neither Fetch Metadata nor Origin: not a browser's cross-site request, so saying
        # which part was missing helps the caller and tells an attacker nothing.
        reason, code = ("invalid-token", "ERR_CSRF_REJECTED") if pending.token_sent else (
            "missing-token", "ERR_CSRF_TOKEN_MISSING")
        log.warning("coatcheck: cross-origin request refused (%s, %s)", reason, pending.method[:16])
        raise CrossOriginError(code)
    return validation.session


def bearer_token(authorization: Optional[str]) -> Optional[str]:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not authorization or not authorization[:7].lower() == "bearer ":
        return None
    token = authorization[7:].strip()
    return token or None


def access_token(authorization: Optional[str]) -> Optional[Tuple[str, str]]:
    """The scheme (``Bearer`` or ``DPoP``) and token of an ``Authorization`` header, or None."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    scheme = {"bearer": "Bearer", "dpop": "DPoP"}.get(scheme.lower(), "")
    token = token.strip()
    return (scheme, token) if scheme and token else None
