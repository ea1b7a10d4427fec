"""A wrong service key or URL is this backend's configuration error, said once in the log with the
setting to fix, and never a user's 401 or 404; sign-in's browser metadata and cookie."""

import logging
import time

import httpx
import pytest

from coatcheck_client import (
    CoatcheckClient,
    ConfigError,
    NoSessionError,
    NotFoundError,
    ServiceAuthError,
    ServiceConfigError,
    ServiceUrlError,
    Session,
    SignedIn,
    misconfig,
)
from coatcheck_client.errors import http_error
from coatcheck_client.sign_in import browser_meta

KEY = "ck_" + "k" * 40
URL = "http://127.0.0.1:3000"


def client(handler):
    return CoatcheckClient(URL, KEY, transport=httpx.MockTransport(handler))


@pytest.fixture(autouse=True)
def fresh_log_throttle():
    misconfig._last_logged.clear()
    yield
    misconfig._last_logged.clear()


def coatcheck_error(status, code):
    return lambda request: httpx.Response(status, json={"error": {"code": code, "message": "x"}})


def test_a_refused_service_key_is_a_configuration_error_logged_once(caplog):
    caplog.set_level(logging.ERROR, logger="coatcheck_client")
    for _ in range(3):
        with pytest.raises(ServiceAuthError) as caught:
            client(coatcheck_error(401, "ERR_UNAUTHORIZED")).validate("a.b")
    assert isinstance(caught.value, ConfigError) and isinstance(caught.value, ServiceConfigError)
    assert http_error(caught.value) == (500, {"error": {"code": "ERR_INTERNAL", "message": "Internal error"}})
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1, lines  # once a minute, not once a request
    assert "COATCHECK_SERVICE_KEY" in lines[0] and URL in lines[0] and KEY not in lines[0]


@pytest.mark.parametrize("answer", [
    coatcheck_error(404, "ERR_NOT_FOUND"),  # coatcheck, at a path without its routes (a prefix)
    lambda request: httpx.Response(404, content=b"<html>Not Found</html>"),  # another server
    lambda request: httpx.Response(401, content=b"Unauthorized"),  # another server's 401
    lambda request: httpx.Response(405, json={"detail": "Method Not Allowed"}),
])
def test_a_url_that_is_not_the_service_is_a_configuration_error_never_a_users_404_or_401(answer, caplog):
    caplog.set_level(logging.ERROR, logger="coatcheck_client")
    for call in (lambda c: c.validate("a.b"), lambda c: c.create("alice"), lambda c: c.sign_in("alice")):
        with pytest.raises(ServiceUrlError) as caught:
            call(client(answer))
        assert not isinstance(caught.value, (NoSessionError, NotFoundError))
        assert http_error(caught.value)[0] == 500
    assert [r.getMessage() for r in caplog.records][0].startswith(f"coatcheck: COATCHECK_SERVICE_URL {URL} ")


def test_a_404_that_means_no_such_session_stays_one():
    missing = coatcheck_error(404, "ERR_NOT_FOUND")
    assert client(missing).revoke("s" * 22) is False
    with pytest.raises(NotFoundError):
        client(missing).set_data("s" * 22, {})


def test_browser_metadata_is_the_browsers_and_bounded():
    assert browser_meta("Firefox", "::ffff:203.0.113.7") == {"userAgent": "Firefox", "ip": "203.0.113.7"}
    assert browser_meta("x" * 2000, "2001:db8::1") == {"userAgent": "x" * 512, "ip": "2001:db8::1"}
    assert browser_meta(None, "y" * 65) == {}


def test_sign_in_sends_the_presented_token_and_meta_and_hides_its_secrets():
    seen = []
    now = int(time.time() * 1000)
    session = {"id": "s" * 22, "userId": "alice", "absoluteExpiresAt": now + 3_600_000}

    def handler(request):
        seen.append(request)
        return httpx.Response(201, json={"token": "t.secret", "session": session, "csrfToken": "k1." + "c" * 43})

    signed = client(handler).sign_in("alice", presented_token="old.token", meta={"userAgent": "Firefox"})
    assert isinstance(signed, SignedIn) and isinstance(signed.session, Session)
    assert seen[0].url.path == "/v1/sessions/sign-in"
    assert seen[0].content == (b'{"userId":"alice","data":{},"meta":{"userAgent":"Firefox"},'
                               b'"presentedToken":"old.token"}')
    assert "t.secret" not in repr(signed) and "c" * 43 not in repr(signed)
    cookie = signed.cookie()
    assert cookie.startswith("__Host-sid=t.secret; Max-Age=") and "Secure; HttpOnly; SameSite=Lax" in cookie
    assert 3590 <= int(cookie.split("Max-Age=")[1].split(";")[0]) <= 3600
