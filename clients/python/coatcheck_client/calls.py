"""The service API's calls, defined once: what each sends and how its answer is read. The sync
and async clients only move the bytes (``client.py``, ``async_client.py``)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Callable, Dict, Generic, List, Mapping, Optional, Tuple, TypeVar, Union
from urllib.parse import quote

import httpx

from .errors import (
    BadRequestError,
    CoatcheckError,
    ConfigError,
    NoSessionError,
    NotFoundError,
    ServiceUnavailableError,
    error_from_response,
)
from .misconfig import misconfiguration
from .models import (
    ActivityPage,
    EverythingEnded,
    IssuedSession,
    Session,
    SessionInfo,
    TokenPair,
    Validation,
)
from .urls import checked_url

T = TypeVar("T")
log = logging.getLogger("coatcheck_client")

# Idle pooled connections are dropped before the service's own keep-alive timeout (5 s), so a
# connection is never reused just as the service closes it.
KEEPALIVE_EXPIRY_SECONDS = 4.0
# Every connection the pool opens is kept alive: with httpx's default (100 open, 20 kept) an app
# with more than 20 calls in flight opened and closed a connection per call beyond the 20th.
MAX_CONNECTIONS = 64

# One encoder for every call: ``json.dumps`` with ``separators`` builds a new encoder per call.
_encode = json.JSONEncoder(separators=(",", ":")).encode


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request and how to read its answer. ``recover`` may turn an error into a value;
    ``not_found_expected`` marks the calls whose 404 means "no such session" rather than a wrong
    service URL."""

    method: str
    path: str
    parse: Callable[[Dict[str, Any]], T]
    payload: Optional[Mapping[str, Any]] = None
    params: Optional[Dict[str, str]] = None
    recover: Optional[Callable[[CoatcheckError], T]] = None
    not_found_expected: bool = False

    def content(self) -> Optional[bytes]:
        if self.payload is None:
            return None
        return _encode(self.payload).encode()


def client_options(base_url: str, service_key: str, timeout: float) -> Dict[str, Any]:
    """The httpx client settings both clients share: one pool of keep-alive connections."""
    url = checked_url(base_url, "service URL")
    if not isinstance(service_key, str) or len(service_key) < 16:
        raise ConfigError("service_key is required (the service's COATCHECK_SERVICE_KEYS)")
    if not 0 < timeout <= 60:
        raise ConfigError("timeout must be between 0 and 60 seconds")
    return {
        "base_url": url,
        "timeout": httpx.Timeout(timeout),
        "headers": {
            "authorization": f"Bearer {service_key}",
            "accept": "application/json",
            "content-type": "application/json",
        },
        "follow_redirects": False,
        "limits": httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS,
                               keepalive_expiry=KEEPALIVE_EXPIRY_SECONDS),
    }


def unavailable(error: Exception) -> ServiceUnavailableError:
    """Timeouts, refused connections, resets. The cause is dropped: it may carry the URL."""
    log.warning("coatcheck: session service unavailable (%s)", type(error).__name__)
    return ServiceUnavailableError()


def answer(call: "Call[T]", response: httpx.Response) -> T:
    """The value of a call's answer, or the typed error it stands for."""
    url = "" if response.is_success else _service_url(call, response)
    return answer_of(call, response.status_code, response.content, url)


def answer_of(call: "Call[T]", status: int, content: bytes, service_url: str) -> T:
    """:func:`answer` from the status and body bytes (``service_url`` names the service in logs)."""
    try:
        # The service answers in UTF-8; decoding first spares json.loads its encoding sniffing.
        # A body that is not UTF-8 raises UnicodeDecodeError, a ValueError: fails closed below.
        body = json.loads(content.decode()) if content else {}
    except ValueError:
        body = None
    return answer_body(call, status, body, service_url)


def answer_body(call: "Call[T]", status: int, body: Any, service_url: str) -> T:
    """:func:`answer_of` from the status and the parsed body (None when it was not JSON)."""
    success = 200 <= status < 300
    if success and isinstance(body, dict):
        try:
            return call.parse(body)
        except (KeyError, TypeError, ValueError):
            # A success without the expected members is a broken service: fail closed.
            raise ServiceUnavailableError("The session service sent an unexpected answer") from None
    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {}
    status = 502 if success else status
    # A wrong key or URL is this backend's configuration, not the user's request: never a 401 or
    # 404 for the user, but a ConfigError (500) and a log line that says what to fix.
    wrong = misconfiguration(status, body, not_found_expected=call.not_found_expected, service_url=service_url)
    if wrong is not None:
        raise wrong
    failure = error_from_response(status, error.get("code"), error.get("message"))
    if call.recover is None:
        raise failure
    return call.recover(failure)


def _service_url(call: "Call[Any]", response: httpx.Response) -> str:
    """The configured service URL, for the log: the request's URL without the call's path."""
    try:
        url = str(response.request.url.copy_with(query=None))
    except RuntimeError:  # a response made without a request (tests)
        return "(unknown)"
    return url[: -len(call.path)] if url.endswith(call.path) else url


# The calls, one function each.

def create(user_id: str, data: Optional[Mapping[str, Any]], meta: Optional[Mapping[str, Any]]) -> Call[IssuedSession]:
    payload = {"userId": user_id, "data": dict(data or {}), "meta": dict(meta or {})}
    return Call("POST", "/v1/sessions", _issued, payload)


def _no_session(error: CoatcheckError) -> Validation:
    if isinstance(error, BadRequestError):  # a cookie value the service cannot even parse
        raise NoSessionError("No valid session") from None
    raise error


def validate(token: str, csrf_token: Optional[str]) -> Call[Validation]:
    if not isinstance(token, str) or not token or len(token) > 512:
        raise NoSessionError("No valid session")
    payload: Dict[str, Any] = {"token": token}
    if csrf_token is not None:
        payload["csrfToken"] = csrf_token
    return Call("POST", "/v1/sessions/validate", _validation, payload, recover=_no_session)


# The most validations one batch carries: the service's MAX_BATCH_ITEMS.
MAX_BATCH_ITEMS = 64
# What a batch call returns instead of answers when the service will not take it: an older service
# without the batch route (every later call goes alone), or input it refused (these calls go alone).
BATCH_UNSUPPORTED = "unsupported"
BATCH_REFUSED = "refused"
BatchAnswer = Union[List[Tuple[int, Any]], str]


def batchable(call: Call[Validation]) -> bool:
    """Whether a validate call may join a batch: only input the batch's schema takes (a token is
    checked by :func:`validate`; a CSRF token must be 1–128 characters), so no caller's input can
    make the service refuse the others' batch."""
    csrf = call.payload.get("csrfToken") if call.payload else None
    return csrf is None or (isinstance(csrf, str) and 0 < len(csrf) <= 128)


def validate_batch(batch: List[Call[Validation]]) -> Call[BatchAnswer]:
    """One ``POST /v1/sessions/validate-batch`` for several :func:`validate` calls: the answer is
    each item's status and body, in order, as the single call would have answered."""
    count = len(batch)

    def results(body: Dict[str, Any]) -> BatchAnswer:
        items = body["results"]
        if not isinstance(items, list) or len(items) != count:
            raise ValueError("one answer per item")
        return [(int(item["status"]), item["body"]) for item in items]

    return Call("POST", "/v1/sessions/validate-batch", results, {"items": [call.payload for call in batch]},
                recover=_batch_refused, not_found_expected=True)


def _batch_refused(error: CoatcheckError) -> BatchAnswer:
    if isinstance(error, NotFoundError) or error.status == 405:
        return BATCH_UNSUPPORTED
    if isinstance(error, BadRequestError):
        return BATCH_REFUSED
    raise error


def regenerate(token: str, reauthenticated: bool) -> Call[IssuedSession]:
    payload = {"token": token, "reauthenticated": reauthenticated}
    return Call("POST", "/v1/sessions/regenerate", _issued, payload)


def _not_found_is_false(error: CoatcheckError) -> bool:
    if isinstance(error, NotFoundError):
        return False
    raise error


def revoke(session_id: str) -> Call[bool]:
    path = f"/v1/sessions/{segment(session_id)}"
    return Call("DELETE", path, lambda _body: True, recover=_not_found_is_false, not_found_expected=True)


def list_sessions(user_id: str) -> Call[List[SessionInfo]]:
    return Call("GET", f"/v1/users/{segment(user_id)}/sessions",
                lambda body: [SessionInfo.from_json(item) for item in body["sessions"]])


def revoke_all(user_id: str, except_session_id: Optional[str]) -> Call[int]:
    params = {"except": except_session_id} if except_session_id else None
    return Call("DELETE", f"/v1/users/{segment(user_id)}/sessions", lambda body: int(body["revoked"]),
                params=params)


def activity(user_id: str, limit: Optional[int], before: Optional[str]) -> Call[ActivityPage]:
    params: Dict[str, str] = {}
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100:
            raise BadRequestError("limit must be an integer from 1 to 100")
        params["limit"] = str(limit)
    if before is not None:
        params["before"] = str(before)
    return Call("GET", f"/v1/users/{segment(user_id)}/activity", ActivityPage.from_json,
                params=params or None)


def end_everything(user_id: str, reason: str) -> Call[EverythingEnded]:
    return Call("POST", f"/v1/users/{segment(user_id)}/end-everything", EverythingEnded.from_json,
                {"reason": reason})


def set_data(session_id: str, data: Mapping[str, Any], version: Optional[int]) -> Call[Dict[str, Any]]:
    payload: Dict[str, Any] = {"data": dict(data)}
    if version is not None:
        payload["version"] = version
    return Call("PATCH", f"/v1/sessions/{segment(session_id)}/data", dict, payload, not_found_expected=True)


def tokens(token: str) -> Call[TokenPair]:
    return Call("POST", "/v1/tokens", TokenPair.from_json, {"token": token})


def refresh(refresh_token: str) -> Call[TokenPair]:
    return Call("POST", "/v1/tokens/refresh", TokenPair.from_json, {"refreshToken": refresh_token})


def rotate_keys() -> Call[str]:
    return Call("POST", "/v1/keys/rotate", lambda body: str(body["kid"]))


def _issued(body: Dict[str, Any]) -> IssuedSession:
    return IssuedSession(token=body["token"], session=Session.from_json(body["session"]))


def validation_of(body: Any) -> Validation:
    """A successful validate answer's :class:`Validation`; a malformed one fails closed."""
    try:
        return _validation(body)
    except (KeyError, TypeError, ValueError):
        raise ServiceUnavailableError("The session service sent an unexpected answer") from None


def _validation(body: Dict[str, Any]) -> Validation:
    valid = body.get("csrfValid")
    return Validation(Session.from_json(body["session"]), valid if isinstance(valid, bool) else None)


def segment(value: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 256:
        raise BadRequestError("ids must be non-empty strings of at most 256 characters")
    return quote(value, safe="")
