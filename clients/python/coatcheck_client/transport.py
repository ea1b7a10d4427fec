"""The synchronous client's connections: pooled, keep-alive, and with ``TCP_NODELAY`` set.

httpcore writes a request's headers and its body in two writes. Without ``TCP_NODELAY`` the body
waits, by Nagle's rule, for the service's delayed ACK of the headers: about 40 ms per call on
Linux, whatever the service's speed. (The asyncio client's sockets come from anyio, which sets
``TCP_NODELAY`` itself.)"""

from __future__ import annotations

import socket
from typing import Any

import httpx

NODELAY = (socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def sync_transport(limits: httpx.Limits) -> httpx.HTTPTransport:
    """An httpx transport whose connections send each write at once."""
    try:
        return httpx.HTTPTransport(limits=limits, socket_options=[NODELAY])  # type: ignore[call-arg]
    except TypeError:  # httpx < 0.24 (Debian 12) has no socket_options: set it as each connection opens
        transport = httpx.HTTPTransport(limits=limits)
        pool: Any = getattr(transport, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = _NoDelay(pool._network_backend)
        return transport


class _NoDelay:
    """Wraps httpcore's network backend: each new connection gets ``TCP_NODELAY``."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def connect_tcp(self, *args: Any, **kwargs: Any) -> Any:
        stream = self._inner.connect_tcp(*args, **kwargs)
        sock = stream.get_extra_info("socket")
        if isinstance(sock, socket.socket):
            sock.setsockopt(*NODELAY)
        return stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
