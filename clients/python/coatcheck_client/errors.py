"""One exception base with the service's stable error codes; callers branch on ``code``.

The codes, their HTTP statuses and default messages come from ``error_codes.json``, generated
from coatcheck's own table (``ERROR_CODES`` in src/http/errors.ts), so both sides speak one
vocabulary; a parity test fails when they drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Optional

#: Every code coatcheck answers with: ``{"ERR_…": {"status": 401, "message": "…"}}``.
ERROR_CODES: Dict[str, dict] = json.loads((Path(__file__).parent / "error_codes.json").read_text("utf-8"))["codes"]


def default_message(code: str) -> str:
    """The code's default message from the shared table (``Request failed`` for an unknown code)."""
    entry = ERROR_CODES.get(code)
    return str(entry["message"]) if entry else "Request failed"


class CoatcheckError(Exception):
    """Base of every coatcheck client error.

    ``code`` is one of the service's stable codes (``ERR_NO_SESSION``, ``ERR_TOKEN_INVALID``, …);
    ``status`` is the HTTP status a framework should answer with. Messages are generic and never
    hold a token, cookie or key.
    """

    code = "ERR_INTERNAL"
    status = 500

    def __init__(self, message: str, *, code: Optional[str] = None, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def to_json(self) -> dict:
        """The JSON error body every coatcheck endpoint answers with."""
        return {"error": {"code": self.code, "message": self.message}}


class NoSessionError(CoatcheckError):
    """No valid session (absent, expired, revoked, or a malformed token): answer 401."""

    code = "ERR_NO_SESSION"
    status = 401


class InvalidTokenError(CoatcheckError):
    """An access token failed verification. Always the same generic ``invalid_token`` (TK-6)."""

    code = "ERR_TOKEN_INVALID"
    status = 401

    def __init__(self) -> None:
        super().__init__("invalid_token")


class CrossOriginError(CoatcheckError):
    """An unsafe request refused with 403: from another origin (``ERR_CROSS_ORIGIN``), without a
    CSRF token (``ERR_CSRF_TOKEN_MISSING``) or with a wrong one (``ERR_CSRF_REJECTED``)."""

    code = "ERR_CROSS_ORIGIN"
    status = 403

    def __init__(self, code: str = "ERR_CROSS_ORIGIN") -> None:
        super().__init__(default_message(code), code=code)


class NotFoundError(CoatcheckError):
    code = "ERR_NOT_FOUND"
    status = 404


class ConflictError(CoatcheckError):
    """A version conflict (retry with fresh data) or a concurrent refresh rotation."""

    code = "ERR_VERSION_CONFLICT"
    status = 409


class BadRequestError(CoatcheckError):
    code = "ERR_BAD_REQUEST"
    status = 400




class ServiceUnavailableError(CoatcheckError):
    """The service (or its store) cannot answer: timeout, refused connection, 5xx. Answer 503.

    Never treat this as "anonymous": fail closed.
    """

    code = "ERR_STORE_UNAVAILABLE"
    status = 503

    def __init__(self, message: str = "The session service is unavailable") -> None:
        super().__init__(message)


class ConfigError(CoatcheckError):
    """The client or verifier was configured wrongly: raised at construction time, or (for the
    service key and URL, which only the service can judge) by the first call that shows it."""

    code = "ERR_CONFIG_INVALID"
    status = 500


class ServiceConfigError(ConfigError):
    """This backend's service settings are wrong, so every call fails alike: never the user's
    fault. Logged (``coatcheck_client``, ERROR) with what to fix; frameworks answer a generic 500."""


class ServiceAuthError(ServiceConfigError):
    """The service refused the service key (``COATCHECK_SERVICE_KEY``)."""

    code = "ERR_UNAUTHORIZED"


class ServiceUrlError(ServiceConfigError):
    """``COATCHECK_SERVICE_URL`` leads to something that is not the coatcheck service's ``/v1``
    (a 404 for a route every service has, or an error answer that is not coatcheck's)."""


def error_from_response(status: int, code: Optional[str], message: Optional[str]) -> CoatcheckError:
    """Maps a service error answer to the matching exception, keeping the service's code. A known
    code's status comes from the shared table; an unknown one keeps the status it came with."""
    text = message if isinstance(message, str) and message else "Request failed"
    code = code if isinstance(code, str) and code.startswith("ERR_") else None
    if status >= 500:
        return ServiceUnavailableError()
    if code == "ERR_UNAUTHORIZED":
        return ServiceAuthError("The service refused the service key")
    status = ERROR_CODES[code]["status"] if code in ERROR_CODES else status
    if status >= 500:
        return ServiceUnavailableError()
    if status == 401:
        return NoSessionError(text, code=code or "ERR_NO_SESSION", status=401)
    if status == 403 and code in ("ERR_CROSS_ORIGIN", "ERR_CSRF_TOKEN_MISSING", "ERR_CSRF_REJECTED"):
        return CrossOriginError(code)
    if status == 404:
        return NotFoundError(text, code=code)
    if status == 409:
        return ConflictError(text, code=code)
    if status == 400 or status == 413:
        return BadRequestError(text, code=code, status=status)
    return CoatcheckError(text, code=code or "ERR_INTERNAL", status=status)


def http_error(error: CoatcheckError) -> "tuple[int, dict]":
    """The status and JSON body a framework answers with; 5xx other than 503 say nothing more."""
    if error.status >= 500 and error.status != 503:
        return 500, {"error": {"code": "ERR_INTERNAL", "message": "Internal error"}}
    return error.status, error.to_json()


def error_headers(status: int, error: CoatcheckError) -> dict:
    """Headers that go with an error answer: never cached, a challenge on 401, a retry on 503."""
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        challenge = {"ERR_TOKEN_INVALID": 'Bearer error="invalid_token"',
                     "ERR_DPOP_INVALID": 'DPoP error="invalid_dpop_proof"'}
        headers["WWW-Authenticate"] = challenge.get(error.code, "Bearer")
    if status == 503:
        headers["Retry-After"] = "1"
    return headers
