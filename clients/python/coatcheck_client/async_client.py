"""The asyncio client for the coatcheck service API, on ``httpx.AsyncClient``: for FastAPI and
other asyncio frameworks, where a service call must not hold a worker thread."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any, Awaitable, Dict, List, Mapping, Optional, Tuple, Type, TypeVar
from urllib.parse import urlencode

import httpx

from . import calls
from .calls import Call
from .models import ActivityPage, EverythingEnded, IssuedSession, SessionInfo, TokenPair, Validation

try:  # the lean path (lean_async.py) needs httptools; without it every call goes through httpx
    from .lean_async import ConnectionFailed, LeanPool
except ImportError:  # pragma: no cover - exercised where httptools is not installed
    LeanPool = None  # type: ignore[assignment,misc]
from .sign_in import SignedIn, sign_in_call
from .validate_batch import ValidateBatcher

T = TypeVar("T")


class AsyncCoatcheckClient:
    """The :class:`~coatcheck_client.CoatcheckClient` API with ``async`` methods.

    One pool of keep-alive connections per client, bounded timeouts, typed errors, no retries; an
    unreachable or failing service is always :class:`ServiceUnavailableError`. Create it once per
    process (say at application start-up) and close it at shutdown, or use ``async with``.
    The ``validate`` calls made in one turn of the event loop go to the service as one batch
    (``batch_validations=False`` sends each alone).

    Example::

        from coatcheck_client import AsyncCoatcheckClient
        async with AsyncCoatcheckClient("http://127.0.0.1:3000", service_key=key) as client:
            session = (await client.validate(cookie_value)).session
    """

    def __init__(self, base_url: str, service_key: str, *, timeout: float = 3.0,
                 transport: Optional[httpx.AsyncBaseTransport] = None, batch_validations: bool = True) -> None:
        options = calls.client_options(base_url, service_key, timeout)
        self.base_url: str = options["base_url"]
        self._http = httpx.AsyncClient(**options, transport=transport)
        # Calls take the lean path unless a transport of your own (a test's, a proxy's) is given.
        self._lean = LeanPool is not None and transport is None
        self._headers = {**options["headers"], "user-agent": "coatcheck-client-python"}
        self._timeout = timeout
        self._pool: Optional[Tuple[asyncio.AbstractEventLoop, Any]] = None
        # Validate calls made in the same turn of the event loop go as one batch (validate_batch.py).
        self._batch_validations = batch_validations
        self._batcher: Optional[ValidateBatcher] = None

    def __repr__(self) -> str:  # the service key stays out of logs
        return f"AsyncCoatcheckClient({self.base_url!r})"

    async def __aenter__(self) -> "AsyncCoatcheckClient":
        return self

    async def __aexit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                        trace: Optional[TracebackType]) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Closes the pooled connections."""
        if self._pool is not None:
            self._pool[1].close()
        await self._http.aclose()

    async def create(self, user_id: str, *, data: Optional[Mapping[str, Any]] = None,
                     meta: Optional[Mapping[str, Any]] = None) -> IssuedSession:
        return await self._run(calls.create(user_id, data, meta))

    async def sign_in(self, user_id: str, *, presented_token: Optional[str] = None,
                      data: Optional[Mapping[str, Any]] = None,
                      meta: Optional[Mapping[str, Any]] = None) -> SignedIn:
        """See :meth:`CoatcheckClient.sign_in`."""
        return await self._run(sign_in_call(user_id, presented_token, data, meta))

    async def validate(self, token: str, *, csrf_token: Optional[str] = None) -> Validation:
        """Validates a session token (the cookie value). Raises NoSessionError when it is not valid.

        The validate calls made in the same turn of the event loop (concurrent requests) are sent
        to the service together, as one batch; each gets the answer its own call would have had.
        ``batch_validations=False`` sends each alone."""
        return await self.validation(token, csrf_token)

    def validation(self, token: str, csrf_token: Optional[str] = None) -> Awaitable[Validation]:
        """:meth:`validate` as an awaitable: the batch's future itself when the call joins a batch,
        so the caller awaits it with no coroutine in between (each is resumed once more when the
        answer arrives)."""
        call = calls.validate(token, csrf_token)
        if self._batch_validations and calls.batchable(call):
            return self._batcher_of_loop().validate(call)
        return self._run(call)

    async def regenerate(self, token: str, *, reauthenticated: bool = False) -> IssuedSession:
        return await self._run(calls.regenerate(token, reauthenticated))

    async def revoke(self, session_id: str) -> bool:
        return await self._run(calls.revoke(session_id))

    async def list(self, user_id: str) -> List[SessionInfo]:
        return await self._run(calls.list_sessions(user_id))

    async def revoke_all(self, user_id: str, *, except_session_id: Optional[str] = None) -> int:
        return await self._run(calls.revoke_all(user_id, except_session_id))

    async def activity(self, user_id: str, *, limit: Optional[int] = None,
                       before: Optional[str] = None) -> ActivityPage:
        return await self._run(calls.activity(user_id, limit, before))

    async def end_everything(self, user_id: str, reason: str) -> EverythingEnded:
        return await self._run(calls.end_everything(user_id, reason))

    async def set_data(self, session_id: str, data: Mapping[str, Any], *,
                       version: Optional[int] = None) -> Dict[str, Any]:
        return await self._run(calls.set_data(session_id, data, version))

    async def tokens(self, token: str) -> TokenPair:
        return await self._run(calls.tokens(token))

    async def refresh(self, refresh_token: str) -> TokenPair:
        return await self._run(calls.refresh(refresh_token))

    async def rotate_keys(self) -> str:
        return await self._run(calls.rotate_keys())

    async def _run(self, call: Call[T]) -> T:
        # The lean path is written out here rather than in a helper coroutine: every coroutine
        # between the endpoint and the socket is resumed again when the answer arrives.
        if self._lean:
            path = f"{call.path}?{urlencode(call.params)}" if call.params else call.path
            try:
                status, content = await self._lean_pool().request(call.method, path, call.content())
            except (ConnectionFailed, asyncio.TimeoutError, OSError) as error:
                raise calls.unavailable(error) from None
            return calls.answer_of(call, status, content, self.base_url)
        try:
            response = await self._http.request(call.method, call.path, content=call.content(),
                                                params=call.params)
        except httpx.HTTPError as error:
            raise calls.unavailable(error) from None
        return calls.answer(call, response)

    def _batcher_of_loop(self) -> ValidateBatcher:
        """This event loop's batcher (its calls are answered on the loop that made them)."""
        loop = asyncio.get_running_loop()
        if self._batcher is None or self._batcher.loop is not loop:
            self._batcher = ValidateBatcher(loop, self._run, self.base_url)
        return self._batcher

    def _lean_pool(self) -> Any:
        """This event loop's pool (connections belong to the loop that opened them)."""
        loop = asyncio.get_running_loop()
        if self._pool is None or self._pool[0] is not loop:
            self._pool = (loop, LeanPool(self.base_url, self._headers, timeout=self._timeout,
                                         max_connections=calls.MAX_CONNECTIONS,
                                         keepalive_expiry=calls.KEEPALIVE_EXPIRY_SECONDS))
        return self._pool[1]
