"""A client for the coatcheck service API (``/v1``): bounded timeouts, typed errors, no retries."""

from __future__ import annotations

import logging
from typing import Any, Callable, List, Mapping, Optional
from urllib.parse import quote

import httpx

from .errors import (
    BadRequestError,
    ConfigError,
    NoSessionError,
    NotFoundError,
    ServiceUnavailableError,
    error_from_response,
)
from .models import IssuedSession, Session, SessionInfo, TokenPair, Validation
from .urls import checked_url


log = logging.getLogger("coatcheck_client")


class CoatcheckClient:
    """Talks to ``coatcheck serve`` with a service key.

    Every call either returns a value or raises a :class:`~coatcheck_client.errors.CoatcheckError`;
    an unreachable, slow or failing service is always :class:`ServiceUnavailableError` (answer 503,
    never treat it as anonymous).

    Example::

        from coatcheck_client import CoatcheckClient
        client = CoatcheckClient("http://127.0.0.1:3000", service_key=os.environ["COATCHECK_SERVICE_KEY"])
        session = client.validate(cookie_value).session
    """

    def __init__(self, base_url: str, service_key: str, *, timeout: float = 3.0,
                 transport: Optional[httpx.BaseTransport] = None) -> None:
        self.base_url = checked_url(base_url, "service URL")
        if not isinstance(service_key, str) or len(service_key) < 16:
            raise ConfigError("service_key is required (the service's COATCHECK_SERVICE_KEYS)")
        if not 0 < timeout <= 60:
            raise ConfigError("timeout must be between 0 and 60 seconds")
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout),
            headers={"authorization": f"Bearer {service_key}", "accept": "application/json"},
            follow_redirects=False,
            transport=transport,
        )

    def __repr__(self) -> str:  # the service key stays out of logs
        return f"CoatcheckClient({self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    # Sessions

    def create(self, user_id: str, *, data: Optional[Mapping[str, Any]] = None,
               meta: Optional[Mapping[str, Any]] = None) -> IssuedSession:
        """Creates a session for a user you have authenticated; put ``token`` in the cookie."""
        payload = {"userId": user_id, "data": dict(data or {}), "meta": dict(meta or {})}
        return self._call("POST", "/v1/sessions", payload, parse=_issued)

    def validate(self, token: str, *, csrf_token: Optional[str] = None) -> Validation:
        """Validates a session token (the cookie value). Raises NoSessionError when it is not valid.

        With ``csrf_token`` the service also checks that token against the session.
        """
        payload: dict = {"token": token}
        if csrf_token is not None:
            payload["csrfToken"] = csrf_token
        if not isinstance(token, str) or not token or len(token) > 512:
            raise NoSessionError("No valid session")
        try:
            return self._call("POST", "/v1/sessions/validate", payload, parse=_validation)
        except BadRequestError:  # a cookie value the service cannot even parse is no session
            raise NoSessionError("No valid session") from None

    def regenerate(self, token: str, *, reauthenticated: bool = False) -> IssuedSession:
        """Rotates a session's token (after a privilege change); the old token dies at once."""
        payload = {"token": token, "reauthenticated": reauthenticated}
        return self._call("POST", "/v1/sessions/regenerate", payload, parse=_issued)

    def revoke(self, session_id: str) -> bool:
        """Revokes one session by its public id; False when there was no such session."""
        try:
            self._call("DELETE", f"/v1/sessions/{_segment(session_id)}")
        except NotFoundError:
            return False
        return True

    def list(self, user_id: str) -> List[SessionInfo]:
        """A user's live sessions (their devices)."""
        return self._call(
            "GET",
            f"/v1/users/{_segment(user_id)}/sessions",
            parse=lambda body: [SessionInfo.from_json(item) for item in body["sessions"]],
        )

    def revoke_all(self, user_id: str, *, except_session_id: Optional[str] = None) -> int:
        """Revokes every session of a user (but ``except_session_id``); returns how many."""
        params = {"except": except_session_id} if except_session_id else None
        path = f"/v1/users/{_segment(user_id)}/sessions"
        return self._call("DELETE", path, params=params, parse=lambda body: int(body["revoked"]))

    def set_data(self, session_id: str, data: Mapping[str, Any], *, version: Optional[int] = None) -> Any:
        """Replaces a session's data; with ``version`` a compare-and-set (ConflictError on a race)."""
        payload: dict = {"data": dict(data)}
        if version is not None:
            payload["version"] = version
        return self._call("PATCH", f"/v1/sessions/{_segment(session_id)}/data", payload)

    # Tokens

    def tokens(self, token: str) -> TokenPair:
        """Issues an access token and a refresh token for a valid session token."""
        return self._call("POST", "/v1/tokens", {"token": token}, parse=TokenPair.from_json)

    def refresh(self, refresh_token: str) -> TokenPair:
        """Rotates a refresh token; the one presented is spent (reuse revokes the session)."""
        payload = {"refreshToken": refresh_token}
        return self._call("POST", "/v1/tokens/refresh", payload, parse=TokenPair.from_json)

    def rotate_keys(self) -> str:
        """Schedules a signing-key rotation; returns the next key's ``kid``."""
        return self._call("POST", "/v1/keys/rotate", parse=lambda body: str(body["kid"]))

    def _call(self, method: str, path: str, payload: Optional[dict] = None,
              params: Optional[dict] = None, parse: Callable[[dict], Any] = dict) -> Any:
        try:
            response = self._http.request(method, path, json=payload, params=params)
        except httpx.HTTPError as error:
            # Timeouts, refused connections, resets. The cause is dropped: it may carry the URL.
            log.warning("coatcheck: session service unavailable (%s)", type(error).__name__)
            raise ServiceUnavailableError() from None
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = None
        if response.is_success and isinstance(body, dict):
            try:
                return parse(body)
            except (KeyError, TypeError, ValueError):
                # A success without the expected members is a broken service: fail closed.
                raise ServiceUnavailableError("The session service sent an unexpected answer") from None
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        status = 502 if response.is_success else response.status_code
        raise error_from_response(status, error.get("code"), error.get("message"))


def _issued(body: dict) -> IssuedSession:
    return IssuedSession(token=body["token"], session=Session.from_json(body["session"]))


def _validation(body: dict) -> Validation:
    valid = body.get("csrfValid")
    return Validation(Session.from_json(body["session"]), valid if isinstance(valid, bool) else None)


def _segment(value: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 256:
        raise BadRequestError("ids must be non-empty strings of at most 256 characters")
    return quote(value, safe="")
