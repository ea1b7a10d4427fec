"""The asyncio client's connections to the service, when httptools is installed: kept-alive
HTTP/1.1 connections on asyncio's own transports, each request sent in one write and its answer
read by httptools (the parser uvicorn uses).

Why not httpx here: a validate call through ``httpx.AsyncClient`` costs about 1.2 ms of CPU on a
busy two-core machine (some 3,000 Python calls per request through httpx, httpcore, h11 and
anyio), ten times the FastAPI endpoint it guards; this path costs about 0.1 ms. Without httptools,
or with a transport of your own, the client stays on httpx. Same rules either way: one pool per
client, idle connections dropped after ``keepalive_expiry`` (before the service's own timeout),
a bounded time per call, no retries."""

from __future__ import annotations

import asyncio
import ssl
import time
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

import httptools

# How often the pool looks for calls past their deadline, while calls are in flight: a call fails
# between ``timeout`` and ``timeout`` + this. One timer for the pool, not one per call: a timer
# made and cancelled per call cost a few µs of the ~50 µs a call costs.
SWEEP_SECONDS = 0.05


class ConnectionFailed(Exception):
    """The connection failed or closed before a whole answer arrived (the call is not retried)."""


class _Connection(asyncio.Protocol):
    """One kept-alive connection: one request at a time, its answer read by httptools."""

    def __init__(self) -> None:
        self.transport: Optional[asyncio.Transport] = None
        self.parser = httptools.HttpResponseParser(self)
        self.answer: Optional[asyncio.Future[Tuple[int, bytes]]] = None
        self.body: List[bytes] = []
        self.open = True
        self.idle_since = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self._fail()

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        answer, self.answer = self.answer, None
        if not self.parser.should_keep_alive():
            self.close()
        if answer is not None and not answer.done():
            answer.set_result((self.parser.get_status_code(), b"".join(self.body)))
        self.body = []

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self._fail()

    def _fail(self) -> None:
        self.close()
        answer, self.answer = self.answer, None
        if answer is not None and not answer.done():
            answer.set_exception(ConnectionFailed())

    def close(self) -> None:
        self.open = False
        if self.transport is not None:
            self.transport.close()

    def send(self, request: bytes) -> "asyncio.Future[Tuple[int, bytes]]":
        assert self.transport is not None
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.answer


class LeanPool:
    """Kept-alive connections to one origin for one event loop; at most ``max_connections``."""

    def __init__(self, base_url: str, headers: dict, *, timeout: float, max_connections: int,
                 keepalive_expiry: float) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or ""
        self.tls = parts.scheme == "https"
        self.port = parts.port or (443 if self.tls else 80)
        self.prefix = parts.path.rstrip("/")
        host_header = parts.netloc.rsplit("@", 1)[-1]
        fixed = {"host": host_header, **{k.lower(): v for k, v in headers.items()}}
        self.head = "".join(f"{name}: {value}\r\n" for name, value in fixed.items())
        self.timeout = timeout
        self.keepalive_expiry = keepalive_expiry
        self.idle: List[_Connection] = []
        self.slots = asyncio.Semaphore(max_connections)
        self.closed = False
        self.deadlines: Dict["asyncio.Future[Tuple[int, bytes]]", float] = {}  # answers in flight
        self.sweeper: Optional[asyncio.TimerHandle] = None

    async def request(self, method: str, path: str, body: Optional[bytes]) -> Tuple[int, bytes]:
        """The status and body of one call; ``ConnectionFailed`` or ``asyncio.TimeoutError``."""
        content = body or b""
        length = f"content-length: {len(content)}\r\n" if body is not None or method != "GET" else ""
        request = f"{method} {self.prefix}{path} HTTP/1.1\r\n{self.head}{length}\r\n".encode("latin-1") + content
        async with self.slots:
            connection = self._idle_connection()
            if connection is None:
                connection = await asyncio.wait_for(self._connect(), self.timeout)
            answer = connection.send(request)
            loop = asyncio.get_running_loop()
            self.deadlines[answer] = loop.time() + self.timeout
            if self.sweeper is None:
                self.sweeper = loop.call_later(SWEEP_SECONDS, self._sweep, loop)
            try:
                result = await answer
            except BaseException:
                connection.close()  # a failed, late or cancelled exchange leaves it unusable
                raise
            finally:
                del self.deadlines[answer]
        if connection.open and not self.closed:
            connection.idle_since = time.monotonic()
            self.idle.append(connection)
        return result

    def _idle_connection(self) -> Optional[_Connection]:
        now = time.monotonic()
        while self.idle:
            connection = self.idle.pop()
            if connection.open and now - connection.idle_since < self.keepalive_expiry:
                return connection
            connection.close()
        return None

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        context: Any = ssl.create_default_context() if self.tls else None
        try:
            _, connection = await loop.create_connection(_Connection, self.host, self.port, ssl=context)
        except OSError as error:
            raise ConnectionFailed() from error
        return connection

    def _sweep(self, loop: asyncio.AbstractEventLoop) -> None:
        """Fails the calls past their deadline; runs again while calls are in flight."""
        now = loop.time()
        for answer, deadline in list(self.deadlines.items()):
            if deadline <= now and not answer.done():
                answer.set_exception(asyncio.TimeoutError())
        self.sweeper = loop.call_later(SWEEP_SECONDS, self._sweep, loop) if self.deadlines else None

    def close(self) -> None:
        self.closed = True  # calls still in flight keep their deadlines: the sweeper stops after them
        while self.idle:
            self.idle.pop().close()
