"""The sync and async clients over real sockets: one pool of keep-alive connections per client
(never a connection per call), context managers that close it, and the async FastAPI
dependencies. The service is a small HTTP/1.1 server here (test/python/ runs the real one)."""

import asyncio
import json
import threading
import time

import httpx
import pytest

from coatcheck_client import AsyncCoatcheckClient, CoatcheckClient, NoSessionError, ServiceUnavailableError
from local_http import LocalServer, QuietHandler

KEY = "ck_" + "k" * 40
SESSION = {"id": "s1", "userId": "alice", "data": {}, "version": 1}


def validation(body):
    """The status and body of a validate call: ``good.token`` is alice's session."""
    if body.get("token") == "good.token":
        return 200, {"session": SESSION}
    return 401, {"error": {"code": "ERR_TOKEN_INVALID", "message": "No valid session"}}


class Service(LocalServer):
    """Answers validate and validate-batch; counts the connections it accepted and the calls it answered."""

    def __init__(self):
        self.connections = 0
        self.calls = 0
        self.batches = []  # the size of each validate-batch call
        lock = threading.Lock()
        service = self

        class Handler(QuietHandler):
            def setup(self):
                super().setup()
                with lock:
                    service.connections += 1

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                with lock:
                    service.calls += 1
                if self.path == "/v1/sessions/validate-batch":  # each item as the single call
                    service.batches.append(len(body["items"]))
                    self.answer_json(200, {"results": [
                        {"status": status, "body": answer} for status, answer in map(validation, body["items"])
                    ]})
                else:
                    self.answer_json(*validation(body))

        super().__init__(Handler)


@pytest.fixture
def service():
    running = Service()
    yield running
    running.stop()


def test_the_sync_client_reuses_one_keep_alive_connection(service):
    with CoatcheckClient(service.url, KEY) as client:
        for _ in range(25):
            assert client.validate("good.token").session.user_id == "alice"
        with pytest.raises(NoSessionError):
            client.validate("bad.token")
        assert (service.calls, service.connections) == (26, 1)
    assert client._http.is_closed


def test_the_async_client_reuses_its_connections(service):
    async def run():
        async with AsyncCoatcheckClient(service.url, KEY) as client:
            for _ in range(25):
                assert (await client.validate("good.token")).session.user_id == "alice"
            assert service.connections == 1
            for _ in range(3):  # concurrent calls go together, as one batch, on a kept connection
                sessions = await asyncio.gather(*(client.validate("good.token") for _ in range(5)))
                assert all(v.session.id == "s1" for v in sessions)
            assert service.connections == 1 and service.batches == [5, 5, 5]
            with pytest.raises(NoSessionError):
                await client.validate("bad.token")
        assert client._http.is_closed
        return service.calls

    assert asyncio.run(run()) == 29


def test_an_unreachable_service_is_unavailable_for_both_clients(service):
    url = service.url
    service.stop()
    with CoatcheckClient(url, KEY, timeout=1) as client, pytest.raises(ServiceUnavailableError):
        client.validate("good.token")

    async def run():
        async with AsyncCoatcheckClient(url, KEY, timeout=1) as client:
            await client.validate("good.token")

    with pytest.raises(ServiceUnavailableError):
        asyncio.run(run())


def test_fastapi_async_dependencies_with_the_async_client():
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from coatcheck_client.fastapi import install, optional_session, require_session

    state = {"down": False, "calls": 0}

    async def handle(request):
        state["calls"] += 1
        if state["down"]:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"session": SESSION})

    app = FastAPI()
    install(app, client=AsyncCoatcheckClient("http://127.0.0.1:3000", KEY, transport=httpx.MockTransport(handle)))

    @app.get("/me")
    async def me(session=Depends(require_session)):
        return {"userId": session.user_id}

    @app.get("/maybe")
    async def maybe(session=Depends(optional_session)):
        return {"signedIn": session is not None}

    http = TestClient(app)
    cookie = {"cookie": "__Host-sid=a.b"}
    assert http.get("/me", headers=cookie).json() == {"userId": "alice"}
    assert http.get("/maybe").json() == {"signedIn": False}
    assert state["calls"] == 1  # no cookie, no call
    assert http.get("/me").status_code == 401
    state["down"] = True
    down = http.get("/me", headers=cookie)
    assert (down.status_code, down.json()["error"]["code"]) == (503, "ERR_STORE_UNAVAILABLE")


def test_the_sync_client_sends_each_request_at_once(service):
    """A request's headers and body leave in two writes: without TCP_NODELAY the body waits for
    the server's delayed ACK of the headers (about 40 ms a call on Linux), with it nothing waits."""
    with CoatcheckClient(service.url, KEY) as client:
        client.validate("good.token")
        started = time.perf_counter()
        for _ in range(20):
            client.validate("good.token")
        elapsed = time.perf_counter() - started
    assert elapsed < 0.6, f"20 calls took {elapsed:.2f} s"
