"""Django integration: :class:`CoatcheckMiddleware`, ``@require_session`` and ``@require_access_token``.

settings.py::

    MIDDLEWARE = [..., "coatcheck_client.django.CoatcheckMiddleware"]
    COATCHECK = {
        "SERVICE_URL": os.environ["COATCHECK_SERVICE_URL"],
        "SERVICE_KEY": os.environ["COATCHECK_SERVICE_KEY"],  # a secret: never in the repository
        "TRUSTED_ORIGINS": ["https://app.example"],
        "ISSUER": os.environ.get("COATCHECK_ISSUER"), "AUDIENCE": "coatcheck",  # for access tokens
    }

Without ``COATCHECK`` the ``COATCHECK_*`` environment variables are read (see ``Settings``).
"""

from __future__ import annotations

import functools
import os
from typing import Any, Callable, Optional

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from .errors import (
    CoatcheckError,
    ConfigError,
    NoSessionError,
    ServiceUnavailableError,
    error_headers,
    http_error,
)
from .cross_origin import SAFE_METHODS
from .dpop import DpopRequest
from .guard import SessionGuard, access_token
from .settings import Settings
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
        config = _settings()
        self.guard = SessionGuard(config.client(), trusted_origins=config.origins,
                                  allow_same_site=bool(getattr(settings, "COATCHECK_ALLOW_SAME_SITE", False)))
        self.verifier: AccessTokenVerifier = config.verifier()

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

    def process_exception(self, request: HttpRequest, exception: Exception) -> Optional[HttpResponse]:
        """A CoatcheckError raised in a view (say the service went down mid-request) is answered
        like the others: 503 JSON, never Django's 500 page."""
        return error_response(exception) if isinstance(exception, CoatcheckError) else None


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
    """A view decorator: verifies ``Authorization: Bearer`` (or ``DPoP`` with its proof) locally and
    sets ``request.access_token``."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verifier = getattr(request, "coatcheck_verifier", None)
        if verifier is None:
            raise ConfigError("add coatcheck_client.django.CoatcheckMiddleware to MIDDLEWARE")
        presented = access_token(request.META.get("HTTP_AUTHORIZATION"))
        try:
            if presented is None:
                raise NoSessionError("An access token is required")
            scheme, token = presented
            proof = DpopRequest(request.META.get("HTTP_DPOP"), request.method, request.build_absolute_uri())
            request.access_token = verifier.verify(token, proof if scheme == "DPoP" else None)
        except CoatcheckError as error:
            return error_response(error)
        return view(request, *args, **kwargs)

    return wrapped


def error_response(error: CoatcheckError) -> JsonResponse:
    """``{"error": {"code", "message"}}`` with the error's status; never a stack trace."""
    status, body = http_error(error)
    response = JsonResponse(body, status=status)
    for name, value in error_headers(status, error).items():
        response[name] = value
    return response


def _settings() -> Settings:
    """``settings.COATCHECK`` (``SERVICE_URL``, ``SERVICE_KEY``, ``ISSUER``, ``AUDIENCE``,
    ``JWKS_URL``, ``TRUSTED_ORIGINS``, ``TIMEOUT``), or the ``COATCHECK_*`` environment without it."""
    config = getattr(settings, "COATCHECK", None)
    if config is None:
        return Settings.from_env(os.environ)
    env = {}
    for name, value in config.items():
        if name == "TRUSTED_ORIGINS":
            name, value = "ORIGINS", ",".join(value)
        env[f"COATCHECK_{name}"] = str(value) if value is not None else ""
    return Settings.from_env(env)
