"""The clients' lean paths (lean_async.py, lean_sync.py) over real sockets: what a service may
answer with (chunked bodies, ``Connection: close``, a connection closed while idle), a query
string, a slow service (bounded, and the connection is not reused), and idle connections dropped
before the service drops them."""

import asyncio
import json
import time

import pytest

from coatcheck_client import AsyncCoatcheckClient, CoatcheckClient, ServiceUnavailableError, calls
from coatcheck_client.async_client import LeanPool
from local_http import LocalServer, QuietHandler

KEY = "ck_" + "k" * 40
SESSION = {"id": "s1", "userId": "alice", "data": {}, "version": 1}


class Service(LocalServer):
    def __init__(self):
        self.connections = 0
        self.paths = []
        self.mode = "plain"
        service = self

        class Handler(QuietHandler):
            def setup(self):
                super().setup()
                service.connections += 1

            def handle_any(self):
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                service.paths.append(self.path)
                if service.mode == "slow":
                    time.sleep(1.5)
                answer = json.dumps({"session": SESSION, "revoked": 2}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                if service.mode == "chunked":
                    self.send_header("transfer-encoding", "chunked")
                    self.end_headers()
                    half = len(answer) // 2
                    for part in (answer[:half], answer[half:]):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    self.wfile.write(b"0\r\n\r\n")
                    return
                if service.mode == "close":
                    self.send_header("connection", "close")
                    self.close_connection = True
                if service.mode == "drop":  # keep-alive announced, then the connection is closed
                    self.close_connection = True
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_POST = do_DELETE = handle_any

        super().__init__(Handler)


@pytest.fixture
def service():
    running = Service()
    yield running
    running.stop()


def test_the_lean_path_is_taken_where_httptools_is_installed(service):
    assert LeanPool is not None

    async def run():
        async with AsyncCoatcheckClient(service.url, KEY) as client:
            await client.validate("a.b")
            assert client._pool is not None and client._http._transport._pool.connections == []

    asyncio.run(run())


def test_chunked_answers_closed_connections_and_query_strings(service):
    async def run():
        async with AsyncCoatcheckClient(service.url, KEY) as client:
            service.mode = "chunked"
            assert (await client.validate("a.b")).session.user_id == "alice"
            assert (await client.validate("a.b")).session.user_id == "alice"
            assert service.connections == 1  # chunked answers keep the connection
            service.mode = "close"
            for _ in range(2):
                assert (await client.validate("a.b")).session.user_id == "alice"
            assert service.connections == 2  # each closed connection replaced, no failed call
            service.mode = "plain"
            assert await client.revoke_all("a/b", except_session_id="s 1") == 2
        return service.paths[-1]

    assert asyncio.run(run()) == "/v1/users/a%2Fb/sessions?except=s+1"


def test_a_slow_service_is_unavailable_within_the_timeout_and_its_connection_is_dropped(service):
    async def run():
        async with AsyncCoatcheckClient(service.url, KEY, timeout=0.3) as client:
            await client.validate("a.b")
            service.mode = "slow"
            started = time.monotonic()
            with pytest.raises(ServiceUnavailableError):
                await client.validate("a.b")
            assert time.monotonic() - started < 1.0
            service.mode = "plain"
            assert (await client.validate("a.b")).session.user_id == "alice"
            assert client._pool[1].idle and len(client._pool[1].idle) == 1

    asyncio.run(run())
    assert service.connections == 2  # the timed-out connection was never reused


def test_idle_connections_are_dropped_before_the_services_keep_alive_ends(service, monkeypatch):
    monkeypatch.setattr(calls, "KEEPALIVE_EXPIRY_SECONDS", 0.2)

    async def run():
        async with AsyncCoatcheckClient(service.url, KEY) as client:
            await client.validate("a.b")
            await client.validate("a.b")
            assert service.connections == 1
            await asyncio.sleep(0.3)
            await client.validate("a.b")
            assert service.connections == 2

    asyncio.run(run())


def test_the_sync_lean_path_keeps_connections_and_replaces_closed_ones(service):
    with CoatcheckClient(service.url, KEY) as client:
        assert client._lean is not None
        for mode in ("chunked", "chunked", "plain"):
            service.mode = mode
            assert client.validate("a.b").session.user_id == "alice"
        assert service.connections == 1
        service.mode = "drop"
        assert client.validate("a.b").session.user_id == "alice"
        time.sleep(0.2)  # the service has closed that idle connection by now
        service.mode = "plain"
        assert client.validate("a.b").session.user_id == "alice"  # noticed before reuse: no failure
        assert service.connections == 2
        assert client.revoke_all("a/b", except_session_id="s 1") == 2
    assert service.paths[-1] == "/v1/users/a%2Fb/sessions?except=s+1"


def test_the_sync_lean_path_is_bounded_in_time(service):
    with CoatcheckClient(service.url, KEY, timeout=0.3) as client:
        client.validate("a.b")
        service.mode = "slow"
        started = time.monotonic()
        with pytest.raises(ServiceUnavailableError):
            client.validate("a.b")
        assert time.monotonic() - started < 1.0
        service.mode = "plain"
        assert client.validate("a.b").session.user_id == "alice"
    assert service.connections == 2
