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
Sync and async views alike: under ASGI the middleware runs on the server's loop and async views
use the async client (``await request.acoatcheck_session()`` reads the session without blocking).
"""

from __future__ import annotations

import asyncio
import functools
import os
from typing import Any, Awaitable, Callable, Optional, TypeVar, Union

import asgiref.sync
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from .cross_origin import SAFE_METHODS
from .django_lookup import AsyncClients, Lookup, install, lookup_of
from .django_sign_in import asign_in, sign_in, with_cookie
from .dpop import DpopRequest
from .errors import CoatcheckError, ConfigError, NoSessionError, error_headers, http_error
from .guard import SessionGuard, access_token
from .settings import Settings

__all__ = ["CoatcheckMiddleware", "asign_in", "error_response", "require_access_token", "require_session",
           "sign_in"]

View = TypeVar("View", bound=Callable[..., Any])
Answer = Union[HttpResponse, Awaitable[HttpResponse]]
# asgiref >= 3.6 marks coroutine functions the way Python 3.12's inspect does; older ones, the old way.
iscoroutinefunction: Callable[[Any], bool] = getattr(asgiref.sync, "iscoroutinefunction", asyncio.iscoroutinefunction)


def _mark_async(middleware: Any) -> None:
    mark = getattr(asgiref.sync, "markcoroutinefunction", None)
    if mark is not None:
        mark(middleware)
    else:
        middleware._is_coroutine = asyncio.coroutines._is_coroutine  # type: ignore[attr-defined]


class CoatcheckMiddleware:
    """Gives each request ``request.coatcheck_session`` (the session, or None when absent or
    invalid), ``request.coatcheck_error`` and ``await request.acoatcheck_session()``, looked up
    lazily and cached like ``request.user``: the service is asked the first time either is read,
    once per request, and never for a view that does not read them.

    Unsafe requests refused by the cross-origin check get 403 (no service call needed). An unsafe
    request that carries the session cookie is checked before its view runs: when the service is
    unavailable it gets 503 at once, since neither its session nor its CSRF token can be checked.
    On safe requests an outage leaves ``coatcheck_session = None`` with ``coatcheck_error`` set,
    so ``@require_session`` views answer 503 (never anonymous). After :func:`sign_in` the response
    carries the new session's cookie. Works in sync (WSGI) and async (ASGI) middleware chains.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            _mark_async(self)
        config = _settings()
        self.guard = SessionGuard(config.client(), trusted_origins=config.origins,
                                  allow_same_site=bool(getattr(settings, "COATCHECK_ALLOW_SAME_SITE", False)))
        self.async_clients = AsyncClients(config) if self.is_async else None
        self.verifier = config.verifier()

    def __call__(self, request: HttpRequest) -> Answer:
        if self.is_async:
            return self.__acall__(request)
        try:
            lookup = self._begin(request)
            failure = lookup.resolve().error if _checked_early(request, lookup) else None
            if failure is not None:
                return error_response(failure)  # fails closed before the view runs
        except CoatcheckError as error:
            return error_response(error)
        return with_cookie(lookup, self.get_response(request))

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        try:
            lookup = self._begin(request)
            failure = (await lookup.aresolve()).error if _checked_early(request, lookup) else None
            if failure is not None:
                return error_response(failure)
        except CoatcheckError as error:
            return error_response(error)
        return with_cookie(lookup, await self.get_response(request))

    def _begin(self, request: HttpRequest) -> Lookup:
        """The cross-origin check (no service call) and the request's lazy session."""
        attributes: Any = request  # Django requests take attributes; the stubs do not know these
        attributes.coatcheck_client = self.guard.client
        attributes.coatcheck_verifier = self.verifier
        meta = request.META
        pending = self.guard.check(
            method=request.method or "GET",
            cookie=meta.get("HTTP_COOKIE"),
            sec_fetch_site=meta.get("HTTP_SEC_FETCH_SITE"),
            origin=meta.get("HTTP_ORIGIN"),
            csrf_token=meta.get("HTTP_X_CSRF_TOKEN"),
        )
        lookup = Lookup(self.guard, pending, self.async_clients)
        install(request, lookup)
        return lookup

    def process_exception(self, request: HttpRequest, exception: Exception) -> Optional[HttpResponse]:
        """A CoatcheckError raised in a view (say the service went down mid-request) is answered
        like the others: 503 JSON, never Django's 500 page."""
        return error_response(exception) if isinstance(exception, CoatcheckError) else None


def _checked_early(request: HttpRequest, lookup: Lookup) -> bool:
    """Unsafe requests with a session cookie are validated before the view (fail closed)."""
    return lookup.pending is not None and (request.method or "GET") not in SAFE_METHODS


def _session_refusal(lookup: Lookup) -> Optional[HttpResponse]:
    if lookup.error is not None:
        return error_response(lookup.error)
    if lookup.session is None:
        return error_response(NoSessionError("Sign in first"))
    return None


def require_session(view: View) -> View:
    """A view decorator, for sync and async views: 401 without a session, 503 when the service
    was unavailable. Async views are looked up with the async client under ASGI."""
    if iscoroutinefunction(view):
        @functools.wraps(view)
        async def awrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refusal = _session_refusal(await lookup_of(request).aresolve())
            return refusal if refusal is not None else await view(request, *args, **kwargs)

        return awrapped  # type: ignore[return-value]

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = _session_refusal(lookup_of(request).resolve())
        return refusal if refusal is not None else view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def require_access_token(view: View) -> View:
    """A view decorator (sync or async): verifies ``Authorization: Bearer`` (or ``DPoP`` with its
    proof) locally and sets ``request.access_token``."""
    if iscoroutinefunction(view):
        @functools.wraps(view)
        async def awrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refusal = _verify_access_token(request)
            return refusal if refusal is not None else await view(request, *args, **kwargs)

        return awrapped  # type: ignore[return-value]

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = _verify_access_token(request)
        return refusal if refusal is not None else view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _verify_access_token(request: HttpRequest) -> Optional[HttpResponse]:
    verifier = getattr(request, "coatcheck_verifier", None)
    if verifier is None:
        raise ConfigError("add coatcheck_client.django.CoatcheckMiddleware to MIDDLEWARE")
    presented = access_token(request.META.get("HTTP_AUTHORIZATION"))
    try:
        if presented is None:
            raise NoSessionError("An access token is required")
        scheme, token = presented
        proof = DpopRequest(request.META.get("HTTP_DPOP"), request.method, request.build_absolute_uri())
        attributes: Any = request
        attributes.access_token = verifier.verify(token, proof if scheme == "DPoP" else None)
    except CoatcheckError as error:
        return error_response(error)
    return None


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
