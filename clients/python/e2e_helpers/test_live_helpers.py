"""The framework helpers against a real ``coatcheck serve``: async Django views, sign-in from
Django and FastAPI (fixation, the CSRF token, the browser's metadata), and a wrong key or URL."""

import asyncio
import logging
import os
import time

import pytest
from django.test import AsyncClient, Client, override_settings
from fastapi import Depends, FastAPI, Request, Response
from fastapi.testclient import TestClient

from coatcheck_client import AsyncCoatcheckClient, CoatcheckClient, NoSessionError, Session, misconfig
from coatcheck_client.fastapi import install, require_session, sign_in

URL = os.environ["COATCHECK_SERVICE_URL"]
KEY = os.environ["COATCHECK_SERVICE_KEY"]
COOKIE = "__Host-sid"


@pytest.fixture(scope="module")
def service():
    with CoatcheckClient(URL, KEY) as client:
        yield client


@pytest.fixture(autouse=True)
def fresh_log_throttle():
    misconfig._last_logged.clear()


def user():
    return f"py-{time.time_ns()}"


def asgi(path, token=None, method="get", **extra):
    """One request through Django's ASGI handler (the async middleware chain)."""
    async def run():
        client = AsyncClient()
        if token:
            client.cookies[COOKIE] = token
        return await getattr(client, method)(path, **extra)

    return asyncio.run(run())


# Async Django views


def test_an_async_view_behind_require_session_is_awaited_and_uses_the_async_client(service):
    alice = user()
    token = service.create(alice).token
    assert asgi("/me-async").status_code == 401
    answer = asgi("/me-async", token)
    assert answer.status_code == 200
    assert answer.json() == {"userId": alice, "asyncClient": True}
    # The same view in a WSGI chain: its loop lives for one request, so the sync client in a thread.
    wsgi = Client(HTTP_COOKIE=f"{COOKIE}={token}").get("/me-async")
    assert wsgi.json() == {"userId": alice, "asyncClient": False}
    # A sync view in the ASGI chain, and the lazy read from an undecorated async view.
    assert asgi("/me-sync", token).json() == {"userId": alice}
    assert asgi("/peek-async", token).json() == {"userId": alice}
    assert asgi("/peek-async").json() == {"userId": None}
    service.revoke(service.validate(token).session.id)
    assert asgi("/me-async", token).status_code == 401


# Sign-in: fixation protection, the CSRF token, the browser's metadata


def test_django_sign_in_replaces_the_presented_session_and_hands_out_its_csrf_token(service):
    mallory = service.create(user()).token  # a session id planted in the victim's browser
    alice = user()
    browser = Client(HTTP_USER_AGENT="Firefox on Linux", REMOTE_ADDR="203.0.113.9",
                     HTTP_COOKIE=f"{COOKIE}={mallory}")
    answer = browser.post("/login-sync", {"user": alice}, HTTP_SEC_FETCH_SITE="same-origin")
    assert answer.status_code == 200
    set_cookie = answer.cookies[COOKIE]
    assert set_cookie["secure"] and set_cookie["httponly"] and set_cookie["samesite"] == "Lax"
    assert set_cookie["path"] == "/" and 0 < int(set_cookie["max-age"]) <= 12 * 3600
    assert answer["Cache-Control"] == "no-store"
    with pytest.raises(NoSessionError):
        service.validate(mallory)  # the planted session ended with the sign-in
    token = set_cookie.value
    session = service.validate(token).session
    assert (session.user_id, session.id) == (alice, answer.json()["sessionId"])
    [device] = service.list(alice)
    assert (device.user_agent, device.ip) == ("Firefox on Linux", "203.0.113.9")  # the browser's, not ours
    # The CSRF token is the new session's: a cookie-only request without Fetch Metadata needs it.
    signed_in = Client(HTTP_COOKIE=f"{COOKIE}={token}")
    refused = signed_in.post("/change")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "ERR_CSRF_TOKEN_MISSING"
    assert signed_in.post("/change", HTTP_X_CSRF_TOKEN=answer.json()["csrfToken"]).json() == {"ok": True}


def test_django_async_sign_in_on_the_async_client(service):
    before = service.create(user()).token
    alice = user()
    answer = asgi("/login-async", before, method="post", data="user=" + alice,
                  content_type="application/x-www-form-urlencoded", **{"sec-fetch-site": "same-origin"})
    assert answer.status_code == 200, answer.content
    token = answer.cookies[COOKIE].value
    assert service.validate(token).session.id == answer.json()["sessionId"]
    with pytest.raises(NoSessionError):
        service.validate(before)


def fastapi_app():
    app = FastAPI()
    install(app, client=AsyncCoatcheckClient(URL, KEY))

    @app.post("/login")
    async def login(request: Request, response: Response, user: str) -> dict:
        signed = await sign_in(request, response, user)
        return {"csrfToken": signed.csrf_token}

    @app.get("/me")
    async def me(session: Session = Depends(require_session)) -> dict:
        return {"userId": session.user_id}

    return app


def test_fastapi_sign_in_replaces_the_presented_session_with_the_browsers_metadata(service):
    before = service.create(user()).token
    alice = user()
    with TestClient(fastapi_app()) as http:
        answer = http.post("/login", params={"user": alice}, headers={
            "cookie": f"{COOKIE}={before}", "user-agent": "Safari on macOS", "sec-fetch-site": "same-origin"})
        assert answer.status_code == 200, answer.text
        assert answer.headers["cache-control"] == "no-store"
        set_cookie = answer.headers["set-cookie"]
        assert set_cookie.startswith(f"{COOKIE}=") and "Secure; HttpOnly; SameSite=Lax" in set_cookie
        token = set_cookie.split(";")[0].split("=", 1)[1]
        assert http.get("/me", headers={"cookie": f"{COOKIE}={token}"}).json() == {"userId": alice}
        # A cross-site sign-in is refused before anything changes.
        refused = http.post("/login", params={"user": "mallory"}, headers={"sec-fetch-site": "cross-site"})
        assert refused.status_code == 403
    with pytest.raises(NoSessionError):
        service.validate(before)
    [device] = service.list(alice)
    assert (device.user_agent, device.ip) == ("Safari on macOS", "testclient")  # the request's client


# Configuration mistakes: a 500 for the user, and a log line that names the setting


def test_a_wrong_service_key_is_a_logged_configuration_error(caplog, service):
    caplog.set_level(logging.ERROR, logger="coatcheck_client")
    token = service.create(user()).token
    app = FastAPI()
    install(app, client=AsyncCoatcheckClient(URL, "ck_" + "w" * 40))

    @app.get("/me")
    async def me(session: Session = Depends(require_session)) -> dict:
        return {"userId": session.user_id}

    with TestClient(app) as http:
        answer = http.get("/me", headers={"cookie": f"{COOKIE}={token}"})
    assert answer.status_code == 500 and answer.json()["error"]["code"] == "ERR_INTERNAL"
    assert any("COATCHECK_SERVICE_KEY" in r.getMessage() for r in caplog.records)


def test_a_wrong_service_url_is_a_logged_configuration_error_not_a_users_404(caplog, service):
    caplog.set_level(logging.ERROR, logger="coatcheck_client")
    token = service.create(user()).token
    with override_settings(COATCHECK={"SERVICE_URL": f"{URL}/api", "SERVICE_KEY": KEY}):
        answer = Client(HTTP_COOKIE=f"{COOKIE}={token}").get("/me-sync")
    assert answer.status_code == 500 and answer.json()["error"]["code"] == "ERR_INTERNAL"
    assert any(f"COATCHECK_SERVICE_URL {URL}/api " in r.getMessage() for r in caplog.records)
