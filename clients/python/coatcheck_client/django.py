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
from typing import Any, Callable, Dict, Optional, cast

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
from .guard import Pending, SessionGuard, access_token
from .models import Session
from .settings import Settings
from .verify import AccessTokenVerifier



class _Lookup:
    """One request's session: asked of the service at most once, when first read."""

    __slots__ = ("guard", "pending", "done", "session", "error")

    def __init__(self, guard: SessionGuard, pending: Optional[Pending]) -> None:
        self.guard = guard
        self.pending = pending
        self.done = pending is None
        self.session: Optional[Session] = None
        self.error: Optional[ServiceUnavailableError] = None

    def resolve(self) -> "_Lookup":
        if not self.done and self.pending is not None:
            self.done = True
            try:
                self.session = self.guard.validate(self.pending)
            except ServiceUnavailableError as error:
                self.error = error
        return self


def _lookup(request: HttpRequest) -> _Lookup:
    lookup = request.__dict__.get("_coatcheck")
    if lookup is None:
        raise ConfigError("add coatcheck_client.django.CoatcheckMiddleware to MIDDLEWARE")
    return cast(_Lookup, lookup)


def _set_session(request: HttpRequest, session: Optional[Session]) -> None:
    lookup = _lookup(request)
    lookup.done, lookup.session, lookup.error = True, session, None


# Requests get the two attributes as properties of a subclass of their own class (made once per
# class), so reading them runs the lookup, and a view that never reads them costs no service call.
_LAZY: Dict[type, type] = {}


def _lazy_request_class(cls: type) -> type:
    lazy = _LAZY.get(cls)
    if lazy is None:
        lazy = type(cls.__name__, (cls,), {
            "coatcheck_session": property(lambda request: _lookup(request).resolve().session, _set_session),
            "coatcheck_error": property(lambda request: _lookup(request).resolve().error),
        })
        _LAZY[cls] = lazy
    return lazy


class CoatcheckMiddleware:
    """Gives each request ``request.coatcheck_session`` (the session, or None when absent or
    invalid) and ``request.coatcheck_error``, looked up lazily and cached like ``request.user``:
    the service is asked the first time either is read, once per request, and never for a view
    that does not read them.

    Unsafe requests refused by the cross-origin check get 403 (no service call needed). An unsafe
    request that carries the session cookie is checked before its view runs: when the service is
    unavailable it gets 503 at once, since neither its session nor its CSRF token can be checked.
    On safe requests an outage leaves ``coatcheck_session = None`` with ``coatcheck_error`` set,
    so ``@require_session`` views answer 503 (never anonymous).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        config = _settings()
        self.guard = SessionGuard(config.client(), trusted_origins=config.origins,
                                  allow_same_site=bool(getattr(settings, "COATCHECK_ALLOW_SAME_SITE", False)))
        self.verifier: AccessTokenVerifier = config.verifier()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        attributes: Any = request  # Django requests take attributes; the stubs do not know these
        attributes.coatcheck_client = self.guard.client
        attributes.coatcheck_verifier = self.verifier
        meta = request.META
        method = request.method or "GET"
        try:
            pending = self.guard.check(
                method=method,
                cookie=meta.get("HTTP_COOKIE"),
                sec_fetch_site=meta.get("HTTP_SEC_FETCH_SITE"),
                origin=meta.get("HTTP_ORIGIN"),
                csrf_token=meta.get("HTTP_X_CSRF_TOKEN"),
            )
            lookup = _Lookup(self.guard, pending)
            request.__dict__["_coatcheck"] = lookup
            request.__class__ = _lazy_request_class(type(request))
            if pending is not None and method not in SAFE_METHODS:
                failure = lookup.resolve().error  # fails closed before the view runs
                if failure is not None:
                    return error_response(failure)
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
        lookup = _lookup(request).resolve()
        if lookup.error is not None:
            return error_response(lookup.error)
        if lookup.session is None:
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
