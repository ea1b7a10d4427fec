"""The Django session engine against a real ``coatcheck serve``: each method, django.contrib.auth
sign-in and sign-out, revocation from Node (the CLI and the service), expiry and an outage."""

import asyncio
import os
import socket
import subprocess
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.base import UpdateError
from django.core.management import call_command
from django.test import Client, override_settings

from coatcheck_client import CoatcheckClient, NoSessionError
from coatcheck_client.django_sessions import ANONYMOUS_PREFIX, SessionStore

URL = os.environ["COATCHECK_SERVICE_URL"]
KEY = os.environ["COATCHECK_SERVICE_KEY"]
COOKIE = "sessionid"


@pytest.fixture(scope="module")
def service():
    return CoatcheckClient(URL, KEY)


@pytest.fixture
def user():
    # Ids unique across runs, since the service's store may outlive this in-memory database.
    pk = time.time_ns() // 1000 % 2**62
    return User.objects.create_user(f"ada-{pk}", password="correct horse", id=pk)


def signed_in(user):
    browser = Client(HTTP_USER_AGENT="Firefox on Linux")
    res = browser.post("/login", {"username": user.username, "password": "correct horse"})
    assert res.status_code == 200
    return browser


def node_cli(*args):
    """`coatcheck …` (Node) on the service's own store."""
    command = [os.environ["COATCHECK_NODE"], os.environ["COATCHECK_CLI"], *args, "--store", os.environ["COATCHECK_STORE"]]
    return subprocess.run(command, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "NODE_ENV": "test"})


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The engine's methods, one by one


def test_create_save_load_exists(service):
    session = SessionStore()
    session["cart"] = ["apple"]
    session.save()
    key = session.session_key
    assert key and session.exists(key)
    assert SessionStore(key).load() == {"cart": ["apple"]}
    live = service.validate(key).session
    assert live.user_id.startswith(ANONYMOUS_PREFIX)  # nobody signed in: a pseudo-user of its own
    assert "apple" not in str(live.data)  # Django's signed encoding, not readable JSON


def test_unknown_key_is_never_adopted():
    session = SessionStore("not-a-coatcheck-token-at-all")
    assert session.load() == {}
    assert session.session_key is None
    session["x"] = 1
    session.save()
    assert session.session_key != "not-a-coatcheck-token-at-all"
    assert session.exists(session.session_key)


def test_save_must_create_always_makes_a_new_session():
    session = SessionStore()
    session["a"] = 1
    session.save(must_create=True)
    first = session.session_key
    session.save(must_create=True)
    assert session.session_key != first
    assert session.exists(first) and session.exists(session.session_key)


def test_save_updates_data_in_place():
    session = SessionStore()
    session["n"] = 1
    session.save()
    key = session.session_key
    again = SessionStore(key)
    again["n"] = 2
    again.save()
    assert again.session_key == key
    assert SessionStore(key).load() == {"n": 2}


def test_delete_and_no_resurrection():
    first = SessionStore()
    first["v"] = 1
    first.save(must_create=True)
    SessionStore(first.session_key).delete()
    assert not first.exists(first.session_key)
    first["v"] = 2
    with pytest.raises(UpdateError):
        first.save()
    assert first.load() == {}


def test_cycle_key_is_a_regenerate_and_the_old_key_dies(service):
    session = SessionStore()
    session["cart"] = ["pear"]
    session.save()
    old_key, old_id = session.session_key, session.coatcheck_session_id
    session.cycle_key()
    assert session.session_key != old_key
    assert session.coatcheck_session_id != old_id
    with pytest.raises(NoSessionError):
        service.validate(old_key)
    assert SessionStore(session.session_key).load() == {"cart": ["pear"]}


def test_async_cycle_key_rotates_the_same_way(service):
    session = SessionStore()
    session["cart"] = ["fig"]
    session.save()
    old_key = session.session_key
    asyncio.run(session.acycle_key())
    assert session.session_key != old_key and not session.exists(old_key)
    assert SessionStore(session.session_key).load() == {"cart": ["fig"]}


def test_expiry_past_ends_the_session_and_browser_close_sessions_work():
    session = SessionStore()
    session["x"] = 1
    session.set_expiry(-10)
    session.save()
    assert not session.exists(session.session_key)
    browser = Client()
    assert browser.post("/cart", {"item": "tea", "expiry": "0"}).status_code == 204
    cookie = browser.cookies[COOKIE]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert browser.get("/me").json()["cart"] == ["tea"]


def test_clear_expired_and_clearsessions_need_no_work():
    SessionStore.clear_expired()
    call_command("clearsessions")


# django.contrib.auth, unchanged


def test_login_rotates_the_key_and_the_django_user_becomes_the_coatcheck_user(service, user):
    browser = Client()
    browser.post("/cart", {"item": "book"})
    anonymous_key = browser.cookies[COOKIE].value
    res = browser.post("/login", {"username": user.username, "password": "correct horse"})
    assert res.status_code == 200
    key = browser.cookies[COOKIE].value
    assert key != anonymous_key
    with pytest.raises(NoSessionError):
        service.validate(anonymous_key)  # the pre-login key is dead at once (fixation)
    me = browser.get("/me").json()
    assert me["authenticated"] and me["userId"] == str(user.pk) and me["cart"] == ["book"]
    assert [s.id for s in service.list(str(user.pk))] == [me["sessionId"]]


def test_device_list_shows_the_browser(service, user):
    browser = signed_in(user)
    [device] = service.list(str(user.pk))
    assert device.id == browser.get("/me").json()["sessionId"]
    assert device.user_agent == "Firefox on Linux" and device.ip == "127.0.0.1"


def test_logout_ends_the_session(service, user):
    browser = signed_in(user)
    key = browser.cookies[COOKIE].value
    assert browser.post("/logout").status_code == 204
    with pytest.raises(NoSessionError):
        service.validate(key)
    assert service.list(str(user.pk)) == []


# Revocation from the other side


def test_revoked_from_node_cli_is_signed_out_at_once(service, user):
    laptop, phone = signed_in(user), signed_in(user)
    assert len(service.list(str(user.pk))) == 2
    done = node_cli("sessions", "revoke", "--user", str(user.pk))
    assert done.returncode == 0, done.stderr
    for browser in (laptop, phone):
        me = browser.get("/me").json()
        assert me["authenticated"] is False and me["userId"] is None


def test_revoked_through_the_service_is_signed_out_at_once(service, user):
    laptop, phone = signed_in(user), signed_in(user)
    phone_id = phone.get("/me").json()["sessionId"]
    assert service.revoke(phone_id) is True
    assert phone.get("/me").json()["authenticated"] is False
    assert laptop.get("/me").json()["authenticated"] is True


def test_session_ended_elsewhere_mid_request_is_not_resurrected(service, user):
    browser = signed_in(user)
    session_id = browser.get("/me").json()["sessionId"]
    session = SessionStore(browser.cookies[COOKIE].value)
    assert session.get(SESSION_KEY) == str(user.pk)  # read before another request revokes it
    service.revoke(session_id)
    session["cart"] = ["late write"]
    with pytest.raises(UpdateError):
        session.save()
    assert service.list(str(user.pk)) == []


# Outage: 503, never an anonymous session


def test_service_down_answers_503_not_anonymous(user):
    browser = signed_in(user)
    down = {"SERVICE_URL": f"http://127.0.0.1:{closed_port()}", "SERVICE_KEY": KEY, "TIMEOUT": "1"}
    with override_settings(COATCHECK=down):
        read = browser.get("/me")
        assert read.status_code == 503
        assert read.json()["error"]["code"] == "ERR_STORE_UNAVAILABLE"
        assert read["Retry-After"] == "1"
        fresh = Client().post("/cart", {"item": "x"})  # a new session cannot be saved either
        assert fresh.status_code == 503
        assert COOKIE not in fresh.cookies
    assert browser.get("/me").json()["authenticated"] is True  # back: nothing was lost
