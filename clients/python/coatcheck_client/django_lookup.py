"""One request's coatcheck session for the Django integration: looked up lazily (the service is
asked the first time the session is read, once per request, as ``request.user`` is), from sync
views with the sync client and from async views with the async client."""

from __future__ import annotations

import asyncio
import weakref
from typing import Any, Dict, MutableMapping, Optional, cast

from django.http import HttpRequest

from .async_client import AsyncCoatcheckClient
from .errors import ConfigError, ServiceUnavailableError
from .guard import Pending, SessionGuard
from .models import Session
from .settings import Settings
from .sign_in import SignedIn


class AsyncClients:
    """One :class:`AsyncCoatcheckClient` per event loop, since pooled connections belong to the
    loop that opened them. Under ASGI that is one client: the server runs one loop."""

    def __init__(self, config: Settings) -> None:
        self._config = config
        self._by_loop: MutableMapping[asyncio.AbstractEventLoop, AsyncCoatcheckClient] = weakref.WeakKeyDictionary()

    def current(self) -> AsyncCoatcheckClient:
        loop = asyncio.get_running_loop()
        client = self._by_loop.get(loop)
        if client is None:
            client = self._by_loop[loop] = self._config.async_client()
        return client


class Lookup:
    """A request's session: unknown until first read. ``async_clients`` is set when the request
    runs on the server's own event loop (ASGI); under WSGI an async view's loop lives for one
    request, so its lookup runs the sync client in a worker thread instead."""

    __slots__ = ("guard", "pending", "async_clients", "done", "session", "error", "issued")

    def __init__(self, guard: SessionGuard, pending: Optional[Pending],
                 async_clients: Optional[AsyncClients]) -> None:
        self.guard = guard
        self.pending = pending
        self.async_clients = async_clients
        self.done = pending is None
        self.session: Optional[Session] = None
        self.error: Optional[ServiceUnavailableError] = None
        self.issued: Optional[SignedIn] = None  # a sign-in whose cookie the response must carry

    def resolve(self) -> "Lookup":
        if not self.done and self.pending is not None:
            self.done = True
            try:
                self.session = self.guard.validate(self.pending)
            except ServiceUnavailableError as error:
                self.error = error
        return self

    async def aresolve(self) -> "Lookup":
        if self.done or self.pending is None:
            return self
        if self.async_clients is None:
            return await asyncio.to_thread(self.resolve)
        self.done = True
        try:
            self.session = await self.guard.avalidate(self.pending, self.async_clients.current())
        except ServiceUnavailableError as error:
            self.error = error
        return self

    def adopt(self, signed: SignedIn) -> None:
        """After a sign-in: the request's session is the new one, and its cookie is to be set."""
        self.done, self.session, self.error, self.issued = True, signed.session, None, signed


def lookup_of(request: HttpRequest) -> Lookup:
    lookup = request.__dict__.get("_coatcheck")
    if lookup is None:
        raise ConfigError("add coatcheck_client.django.CoatcheckMiddleware to MIDDLEWARE")
    return cast(Lookup, lookup)


def _set_session(request: HttpRequest, session: Optional[Session]) -> None:
    lookup = lookup_of(request)
    lookup.done, lookup.session, lookup.error = True, session, None


async def _acoatcheck_session(request: HttpRequest) -> Optional[Session]:
    """``await request.acoatcheck_session()``: the session, read without blocking the loop."""
    return (await lookup_of(request).aresolve()).session


# Requests get the attributes as properties of a subclass of their own class (made once per
# class), so reading them runs the lookup, and a view that never reads them costs no service call.
_LAZY: Dict[type, type] = {}


def install(request: HttpRequest, lookup: Lookup) -> None:
    """Attaches ``lookup`` to ``request`` behind ``coatcheck_session`` / ``coatcheck_error`` /
    ``acoatcheck_session()``."""
    request.__dict__["_coatcheck"] = lookup
    cls = type(request)
    lazy = _LAZY.get(cls)
    if lazy is None:
        attributes: Dict[str, Any] = {
            "coatcheck_session": property(lambda r: lookup_of(r).resolve().session, _set_session),
            "coatcheck_error": property(lambda r: lookup_of(r).resolve().error),
            "acoatcheck_session": _acoatcheck_session,
        }
        lazy = _LAZY[cls] = type(cls.__name__, (cls,), attributes)
    request.__class__ = lazy
