"""The FastAPI and Django integrations in process, with the service replaced by httpx's in-memory
transport (test/python/python-backends.test.ts runs them against the real service)."""

import json

import httpx
import pytest

from coatcheck_client import CoatcheckClient, ServiceUnavailableError

KEY = "ck_" + "k" * 40
SESSION = {"id": "s1", "userId": "alice", "data": {}, "version": 1}


class Service:
    """Answers validate as a live session, or fails every call while ``down``."""

    def __init__(self):
        self.down = False

    def handle(self, request):
        if self.down:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"session": SESSION})

    def client(self):
        return CoatcheckClient("http://127.0.0.1:3000", KEY, transport=httpx.MockTransport(self.handle))


def test_fastapi_dependencies_answer_json_errors():
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from coatcheck_client.fastapi import install, optional_session, require_session

    service = Service()
    app = FastAPI()
    install(app, client=service.client())

    @app.get("/me")
    def me(session=Depends(require_session)):
        return {"userId": session.user_id}

    @app.get("/maybe")
    def maybe(session=Depends(optional_session)):
        return {"signedIn": session is not None}

    @app.post("/work")
    def work(session=Depends(require_session)):
        raise ServiceUnavailableError()  # the service failing mid-request

    http = TestClient(app)
    cookie = {"cookie": "__Host-sid=a.b"}
    assert http.get("/me", headers=cookie).json() == {"userId": "alice"}
    assert http.get("/maybe").json() == {"signedIn": False}
    no = http.get("/me")
    assert (no.status_code, no.json()["error"]["code"]) == (401, "ERR_NO_SESSION")
    cross = http.post("/work", headers={**cookie, "sec-fetch-site": "cross-site"})
    assert (cross.status_code, cross.json()["error"]["code"]) == (403, "ERR_CROSS_ORIGIN")
    mid = http.post("/work", headers={**cookie, "sec-fetch-site": "same-origin"})
    assert (mid.status_code, mid.headers["retry-after"]) == (503, "1")
    service.down = True
    for path in ("/me", "/maybe"):  # an outage is never anonymous, even where a session is optional
        down = http.get(path, headers=cookie)
        assert (down.status_code, down.json()["error"]["code"]) == (503, "ERR_STORE_UNAVAILABLE")


@pytest.fixture(scope="module")
def django_setup():
    from django.conf import settings

    if not settings.configured:
        settings.configure(ALLOWED_HOSTS=["testserver"], COATCHECK={"SERVICE_KEY": KEY}, DEBUG=False)
        import django

        django.setup()


def test_django_middleware_fails_closed_during_an_outage(django_setup):
    from django.http import JsonResponse
    from django.test import RequestFactory

    from coatcheck_client.django import CoatcheckMiddleware, require_session

    service = Service()
    seen = {}

    def open_view(request):
        seen["error"] = request.coatcheck_error
        return JsonResponse({"session": request.coatcheck_session is not None})

    protected = CoatcheckMiddleware(require_session(open_view))
    unprotected = CoatcheckMiddleware(open_view)
    for mw in (protected, unprotected):
        mw.guard.client = service.client()
    rf = RequestFactory()
    cookie = {"HTTP_COOKIE": "__Host-sid=a.b"}
    assert protected(rf.get("/", **cookie)).status_code == 200
    assert protected(rf.get("/")).status_code == 401
    assert protected(rf.post("/", HTTP_SEC_FETCH_SITE="cross-site", **cookie)).status_code == 403
    service.down = True
    assert protected(rf.get("/", **cookie)).status_code == 503
    answer = unprotected(rf.get("/", **cookie))  # goes on, but marked as an outage
    assert answer.status_code == 200 and isinstance(seen["error"], ServiceUnavailableError)
    assert unprotected(rf.post("/", HTTP_SEC_FETCH_SITE="same-origin", **cookie)).status_code == 503
    failed = protected.process_exception(rf.get("/"), ServiceUnavailableError())
    assert failed.status_code == 503 and b"ERR_STORE_UNAVAILABLE" in failed.content
    assert protected.process_exception(rf.get("/"), ValueError()) is None


def test_django_looks_the_session_up_lazily_once_per_request(django_setup):
    from django.http import HttpResponse, JsonResponse
    from django.test import RequestFactory

    from coatcheck_client.django import CoatcheckMiddleware, require_session

    calls = []

    def handle(request):
        calls.append(request.url.path)
        return httpx.Response(200, json={"session": SESSION})

    def never_reads(request):
        return HttpResponse("static")

    def reads_twice(request):
        first, second = request.coatcheck_session, request.coatcheck_session
        return JsonResponse({"same": first is second, "user": first.user_id, "error": request.coatcheck_error})

    rf = RequestFactory()
    cookie = {"HTTP_COOKIE": "__Host-sid=a.b"}
    lazy = CoatcheckMiddleware(never_reads)
    lazy.guard.client = CoatcheckClient("http://127.0.0.1:3000", KEY, transport=httpx.MockTransport(handle))
    assert lazy(rf.get("/", **cookie)).content == b"static"
    assert calls == []  # a view that never reads the session costs no service call
    reader = CoatcheckMiddleware(reads_twice)
    reader.guard.client = lazy.guard.client
    assert json.loads(reader(rf.get("/", **cookie)).content) == {"same": True, "user": "alice", "error": None}
    assert calls == ["/v1/sessions/validate"]  # read twice, asked once
    guarded = CoatcheckMiddleware(require_session(reads_twice))
    guarded.guard.client = lazy.guard.client
    assert guarded(rf.get("/", **cookie)).status_code == 200
    assert len(calls) == 2
    # A state-changing request with the cookie is checked before its view runs, read or not.
    assert lazy(rf.post("/", HTTP_SEC_FETCH_SITE="same-origin", **cookie)).status_code == 200
    assert len(calls) == 3
