"""Validate calls made together, sent together: the validate calls an event loop makes in one turn
go to the service as one ``POST /v1/sessions/validate-batch`` (a lone call as the plain
``/v1/sessions/validate``), and each caller gets exactly the answer its own call would have had.

Why: a busy FastAPI worker has dozens of requests in flight, each validating its cookie. One HTTP
exchange costs the worker some 45 µs of CPU (the request, two system calls, the parse, waking the
loop): about as much as FastAPI's own request. A batch pays that once for all its calls. Nothing waits for
a batch to fill: the calls made in this turn leave at the end of it, so a lone call goes at once.

Failures stay per call where the single call's would: an invalid token is that caller's
``NoSessionError``; an outage or timeout fails every call of the batch as it would fail each alone.
A service without the batch route (older than this client) answers 404: from then on every call
goes alone."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable, List, Set, Tuple

from . import calls
from .calls import Call
from .models import Validation

Pending = Tuple[Call[Validation], "asyncio.Future[Validation]"]


class ValidateBatcher:
    """Coalesces one event loop's validate calls; ``run`` sends one call (the client's transport)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, run: Callable[[Call[Any]], Awaitable[Any]],
                 service_url: str) -> None:
        self.loop = loop
        self.run = run
        self.service_url = service_url
        self.pending: List[Pending] = []
        self.supported = True
        self.sending: Set["asyncio.Task[None]"] = set()  # the loop keeps only weak references

    def validate(self, call: Call[Validation]) -> "asyncio.Future[Validation]":
        """The answer to ``call``, sent with the other calls of this turn."""
        future: "asyncio.Future[Validation]" = self.loop.create_future()
        if not self.pending:
            self.loop.call_soon(self._flush)
        self.pending.append((call, future))
        if len(self.pending) == calls.MAX_BATCH_ITEMS:
            self._flush()
        return future

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            task = self.loop.create_task(self._send(batch))
            self.sending.add(task)
            task.add_done_callback(self.sending.discard)

    async def _send(self, batch: List[Pending]) -> None:
        if len(batch) == 1 or not self.supported:
            await asyncio.gather(*(self._alone(call, future) for call, future in batch))
            return
        try:
            answer = await self.run(calls.validate_batch([call for call, _ in batch]))
        except BaseException as error:  # an outage, a timeout, a wrong key: each call would fail so
            for _, future in batch:
                _settle_error(future, error)
            if not isinstance(error, Exception):
                raise
            return
        if isinstance(answer, str):  # the service would not take the batch: each call goes alone
            self.supported = self.supported and answer != calls.BATCH_UNSUPPORTED
            await asyncio.gather(*(self._alone(call, future) for call, future in batch))
            return
        for (call, future), (status, body) in zip(batch, answer):
            try:
                # A valid session is read straight; anything else as the single call reads it.
                value = calls.validation_of(body) if status == 200 else calls.answer_body(
                    call, status, body, self.service_url)
            except Exception as error:
                _settle_error(future, error)
            else:
                if not future.done():
                    future.set_result(value)

    async def _alone(self, call: Call[Validation], future: "asyncio.Future[Validation]") -> None:
        try:
            value = await self.run(call)
        except BaseException as error:
            _settle_error(future, error)
            if not isinstance(error, Exception):
                raise
        else:
            if not future.done():
                future.set_result(value)


def _settle_error(future: "asyncio.Future[Any]", error: BaseException) -> None:
    """Fails a caller's future (a caller that gave up, its future cancelled, is skipped)."""
    if future.done():
        return
    if isinstance(error, asyncio.CancelledError):
        future.cancel()
    else:
        future.set_exception(error)
