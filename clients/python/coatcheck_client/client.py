"""A client for the coatcheck service API (``/v1``): bounded timeouts, typed errors, no retries,
and one pool of keep-alive connections per client (a call never opens a connection of its own
while a pooled one is free)."""

from __future__ import annotations

import http.client
from types import TracebackType
from typing import Any, Dict, List, Mapping, Optional, Type, TypeVar
from urllib.parse import urlencode

import httpx

from . import calls
from .calls import Call
from .models import ActivityPage, EverythingEnded, IssuedSession, SessionInfo, TokenPair, Validation
from .sign_in import SignedIn, sign_in_call
from .lean_sync import LeanSyncPool

T = TypeVar("T")


class CoatcheckClient:
    """Talks to ``coatcheck serve`` with a service key (synchronous: Django, scripts, workers).

    Every call either returns a value or raises a :class:`~coatcheck_client.errors.CoatcheckError`;
    an unreachable, slow or failing service is always :class:`ServiceUnavailableError` (answer 503,
    never treat it as anonymous). Create one per process and reuse it: it keeps its connections
    open between calls. Close it (or use it as a context manager) when done.

    Example::

        from coatcheck_client import CoatcheckClient
        with CoatcheckClient("http://127.0.0.1:3000", service_key=os.environ["COATCHECK_SERVICE_KEY"]) as client:
            session = client.validate(cookie_value).session

    For asyncio frameworks (FastAPI) use :class:`~coatcheck_client.AsyncCoatcheckClient`.
    """

    def __init__(self, base_url: str, service_key: str, *, timeout: float = 3.0,
                 transport: Optional[httpx.BaseTransport] = None) -> None:
        options = calls.client_options(base_url, service_key, timeout)
        self.base_url: str = options["base_url"]
        self._http = httpx.Client(**options, transport=transport)
        # Calls take the lean path (lean_sync.py) unless a transport of your own is given.
        self._lean: Optional[LeanSyncPool] = None if transport is not None else LeanSyncPool(
            self.base_url, {**options["headers"], "user-agent": "coatcheck-client-python"}, timeout=timeout,
            max_idle=calls.MAX_CONNECTIONS, keepalive_expiry=calls.KEEPALIVE_EXPIRY_SECONDS)

    def __repr__(self) -> str:  # the service key stays out of logs
        return f"CoatcheckClient({self.base_url!r})"

    def __enter__(self) -> "CoatcheckClient":
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 trace: Optional[TracebackType]) -> None:
        self.close()

    def close(self) -> None:
        """Closes the pooled connections."""
        if self._lean is not None:
            self._lean.close()
        self._http.close()

    # Sessions

    def create(self, user_id: str, *, data: Optional[Mapping[str, Any]] = None,
               meta: Optional[Mapping[str, Any]] = None) -> IssuedSession:
        """Creates a session for a user you have authenticated; put ``token`` in the cookie."""
        return self._run(calls.create(user_id, data, meta))

    def sign_in(self, user_id: str, *, presented_token: Optional[str] = None,
                data: Optional[Mapping[str, Any]] = None,
                meta: Optional[Mapping[str, Any]] = None) -> SignedIn:
        """Signs a user in as coatcheck's ``login()`` does: ends the session of ``presented_token``
        (the cookie the browser sent, if any), starts a new one and returns it with its CSRF token.
        Pass the browser's ``{"ip", "userAgent"}`` as ``meta`` (the framework helpers do)."""
        return self._run(sign_in_call(user_id, presented_token, data, meta))

    def validate(self, token: str, *, csrf_token: Optional[str] = None) -> Validation:
        """Validates a session token (the cookie value). Raises NoSessionError when it is not valid.

        With ``csrf_token`` the service also checks that token against the session.
        """
        return self._run(calls.validate(token, csrf_token))

    def regenerate(self, token: str, *, reauthenticated: bool = False) -> IssuedSession:
        """Rotates a session's token (after a privilege change); the old token dies at once."""
        return self._run(calls.regenerate(token, reauthenticated))

    def revoke(self, session_id: str) -> bool:
        """Revokes one session by its public id; False when there was no such session."""
        return self._run(calls.revoke(session_id))

    def list(self, user_id: str) -> List[SessionInfo]:
        """A user's live sessions (their devices)."""
        return self._run(calls.list_sessions(user_id))

    def revoke_all(self, user_id: str, *, except_session_id: Optional[str] = None) -> int:
        """Revokes every session of a user (but ``except_session_id``); returns how many."""
        return self._run(calls.revoke_all(user_id, except_session_id))

    def activity(self, user_id: str, *, limit: Optional[int] = None,
                 before: Optional[str] = None) -> ActivityPage:
        """A user's security activity, newest first (1-100 entries, default 20).

        Pass the page's ``next`` as ``before`` for older entries; a user with no history gets an
        empty page.
        """
        return self._run(calls.activity(user_id, limit, before))

    def end_everything(self, user_id: str, reason: str) -> EverythingEnded:
        """Ends every session, refresh-token family and access token of a user (password change,
        account disable); ``reason`` (e.g. ``password-changed``) goes in the activity entry."""
        return self._run(calls.end_everything(user_id, reason))

    def set_data(self, session_id: str, data: Mapping[str, Any], *,
                 version: Optional[int] = None) -> Dict[str, Any]:
        """Replaces a session's data; with ``version`` a compare-and-set (ConflictError on a race)."""
        return self._run(calls.set_data(session_id, data, version))

    # Tokens

    def tokens(self, token: str) -> TokenPair:
        """Issues an access token and a refresh token for a valid session token."""
        return self._run(calls.tokens(token))

    def refresh(self, refresh_token: str) -> TokenPair:
        """Rotates a refresh token; the one presented is spent (reuse revokes the session)."""
        return self._run(calls.refresh(refresh_token))

    def rotate_keys(self) -> str:
        """Schedules a signing-key rotation; returns the next key's ``kid``."""
        return self._run(calls.rotate_keys())

    def _run(self, call: Call[T]) -> T:
        if self._lean is not None:
            path = f"{call.path}?{urlencode(call.params)}" if call.params else call.path
            try:
                status, content = self._lean.request(call.method, path, call.content())
            except (OSError, http.client.HTTPException) as error:
                raise calls.unavailable(error) from None
            return calls.answer_of(call, status, content, self.base_url)
        try:
            response = self._http.request(call.method, call.path, content=call.content(), params=call.params)
        except httpx.HTTPError as error:
            raise calls.unavailable(error) from None
        return calls.answer(call, response)
