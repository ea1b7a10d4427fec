"""Django integration: :class:`CoatcheckMiddleware`, ``@require_session`` and ``@require_access_token``.

settings.py::

    MIDDLEWARE = [..., "coatcheck_client.django.CoatcheckMiddleware"]
    COATCHECK = {
        "SERVICE_URL": os.environ["COATCHECK_SERVICE_URL"],
        "SERVICE_KEY": os.environ["COATCHECK_SERVICE_KEY"],  # a secret: never in the repository
        "TRUSTED_ORIGINS": ["https://app.example"],
        "ISSUER": os.environ.get("COATCHECK_ISSUER"), "AUDIENCE": "coatcheck",  # for access tokens
    }
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Optional

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from .client import CoatcheckClient
from .errors import CoatcheckError, ConfigError, NoSessionError, ServiceUnavailableError, http_error
from .cross_origin import SAFE_METHODS
from .guard import SessionGuard, bearer_token
from .verify import AccessTokenVerifier



class CoatcheckMiddleware:
    """Sets ``request.coatcheck_session``: the session, or None when absent or invalid.

    Unsafe requests refused by the cross-origin check get 403. When the service is unavailable,
    safe requests go on with ``coatcheck_session = None`` and ``coatcheck_error`` set, so
    ``@require_session`` views answer 503 (never anonymous); unsafe requests that carry the session
    cookie get 503 at once, since neither their session nor their CSRF token can be checked.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        config = getattr(settings, "COATCHECK", None)
        if not isinstance(config, dict):
            raise ConfigError("settings.COATCHECK is required")
        client = CoatcheckClient(config.get("SERVICE_URL", ""), config.get("SERVICE_KEY", ""),
                                 timeout=config.get("TIMEOUT", 3.0))
        self.guard = SessionGuard(client, trusted_origins=config.get("TRUSTED_ORIGINS", ()),
                                  allow_same_site=config.get("ALLOW_SAME_SITE", False))
        self.verifier: Optional[AccessTokenVerifier] = None
        if config.get("ISSUER"):
            self.verifier = AccessTokenVerifier(
                issuer=config["ISSUER"], audience=config.get("AUDIENCE", "coatcheck"),
                jwks_url=config.get("JWKS_URL") or f"{client.base_url}/.well-known/jwks.json",
                algorithms=config.get("ALGORITHMS", ("EdDSA",)),
            )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.coatcheck_client = self.guard.client
        request.coatcheck_verifier = self.verifier
        request.coatcheck_session = None
        request.coatcheck_error = None
        meta = request.META
        try:
            request.coatcheck_session = self.guard.session(
                method=request.method or "GET",
                cookie=meta.get("HTTP_COOKIE"),
                sec_fetch_site=meta.get("HTTP_SEC_FETCH_SITE"),
                origin=meta.get("HTTP_ORIGIN"),
                csrf_token=meta.get("HTTP_X_CSRF_TOKEN"),
            )
        except ServiceUnavailableError as error:
            # Only reached with a session cookie present: unsafe requests stop here (fail closed).
            if request.method not in SAFE_METHODS:
                return error_response(error)
            request.coatcheck_error = error
        except CoatcheckError as error:
            return error_response(error)
        return self.get_response(request)


def require_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view decorator: 401 without a session, 503 when the service was unavailable."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not hasattr(request, "coatcheck_session"):
            raise ConfigError("add coatcheck_client.django.CoatcheckMiddleware to MIDDLEWARE")
        if request.coatcheck_error is not None:
            return error_response(request.coatcheck_error)
        if request.coatcheck_session is None:
            return error_response(NoSessionError("Sign in first"))
        return view(request, *args, **kwargs)

    return wrapped


def require_access_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view decorator: verifies ``Authorization: Bearer`` locally and sets ``request.access_token``."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verifier = getattr(request, "coatcheck_verifier", None)
        if verifier is None:
            raise ConfigError("settings.COATCHECK needs ISSUER (and AUDIENCE) for access tokens")
        token = bearer_token(request.META.get("HTTP_AUTHORIZATION"))
        try:
            if token is None:
                raise NoSessionError("A bearer access token is required")
            request.access_token = verifier.verify(token)
        except CoatcheckError as error:
            return error_response(error)
        return view(request, *args, **kwargs)

    return wrapped


def error_response(error: CoatcheckError) -> JsonResponse:
    """``{"error": {"code", "message"}}`` with the error's status; never a stack trace."""
    status, body = http_error(error)
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = "1"
    return response
