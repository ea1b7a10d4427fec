"""The cross-origin decision, on the same table the TypeScript check runs against
(test/python/cross-origin-parity.test.ts), plus the cookie lookup and the request guard."""

import json
from pathlib import Path

import pytest

from coatcheck_client import ConfigError, CrossOriginCheck, CrossOriginError, find_cookie
from coatcheck_client.errors import NoSessionError, ServiceUnavailableError
from coatcheck_client.guard import SessionGuard, bearer_token
from coatcheck_client.models import Session, Validation

TABLE = json.loads((Path(__file__).parent / "cross_origin_table.json").read_text())
CSRF = "k1." + "A" * 43


@pytest.mark.parametrize("case", TABLE["cases"], ids=lambda c: json.dumps(c["request"]))
def test_decision_table(case):
    options = case.get("options", {})
    check = CrossOriginCheck(TABLE["trustedOrigins"], allow_same_site=options.get("allowSameSite", False))
    r = case["request"]
    verdict = check.decide(r["method"], sec_fetch_site=r["secFetchSite"], origin=r["origin"],
                           has_session_cookie=r["hasSessionCookie"])
    expected = case["verdict"]
    assert verdict.action == expected["action"]
    assert verdict.reason == expected.get("reason")


@pytest.mark.parametrize("origin", ["https://app.example/path", "*", "ftp://app.example", "https://app.example?x"])
def test_misconfigured_origins_are_refused(origin):
    with pytest.raises(ConfigError):
        CrossOriginCheck([origin])


def test_origins_are_normalized_forms_only():
    assert CrossOriginCheck(["https://app.example/", "http://[::1]:8000"]).decide(
        "POST", sec_fetch_site=None, origin="http://[::1]:8000", has_session_cookie=True).action == "allow"
    with pytest.raises(ConfigError):
        CrossOriginCheck(["https://app.example:443"])


def test_cookie_lookup_is_exact_and_refuses_duplicates():
    assert find_cookie(None) == ("absent", None)
    assert find_cookie("a=1; __Host-sid=abc.def; b=2") == ("found", "abc.def")
    assert find_cookie('__Host-sid="abc"') == ("found", "abc")
    assert find_cookie("__host-sid=abc; sid=x; __Host-sid2=y") == ("absent", None)
    assert find_cookie("__Host-sid=a; __Host-sid=b") == ("duplicate", None)
    assert find_cookie(["__Host-sid=a", "__Host-sid=b"]) == ("duplicate", None)
    assert find_cookie(["x=1", "__Host-sid=b"]) == ("found", "b")
    assert find_cookie("x=" + "a" * 17000) == ("too-large", None)


def test_bearer_token_parsing():
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("bearer  abc ") == "abc"
    assert bearer_token("Basic abc") is None
    assert bearer_token("Bearer ") is None
    assert bearer_token(None) is None


class FakeClient:
    """Unit-test stand-in for the service: records calls; the end-to-end tests use the real one."""

    def __init__(self, outcome):
        self.outcome = outcome
        self.calls = []

    def validate(self, token, csrf_token=None):
        self.calls.append((token, csrf_token))
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return Validation(SESSION, csrf_valid=None if csrf_token is None else self.outcome)


SESSION = Session("s1", "alice", {}, 1, 0, 0, 0, 0)


def guard(outcome=True):
    return SessionGuard(FakeClient(outcome), trusted_origins=["https://app.example"])


def test_guard_refuses_cross_site_before_any_service_call():
    g = guard()
    with pytest.raises(CrossOriginError):
        g.session(method="POST", cookie="__Host-sid=t", sec_fetch_site="cross-site", origin=None)
    assert g.client.calls == []


def test_guard_needs_a_valid_csrf_token_without_fetch_metadata_or_origin():
    g = guard(outcome=True)
    assert g.session(method="POST", cookie="__Host-sid=t", sec_fetch_site=None, origin=None,
                     csrf_token=CSRF) == SESSION
    assert g.client.calls == [("t", CSRF)]
    with pytest.raises(CrossOriginError):  # the service says the token does not match the session
        guard(outcome=False).session(method="POST", cookie="__Host-sid=t", sec_fetch_site=None,
                                     origin=None, csrf_token=CSRF)
    for bad in (None, "", "garbage", CSRF + "x"):  # missing or malformed: never sent, refused
        g = guard(outcome=True)
        with pytest.raises(CrossOriginError):
            g.session(method="POST", cookie="__Host-sid=t", sec_fetch_site=None, origin=None, csrf_token=bad)
        assert g.client.calls == [("t", None)]


def test_guard_treats_duplicates_and_invalid_sessions_as_anonymous_and_outages_as_errors():
    g = guard()
    assert g.session(method="GET", cookie="__Host-sid=a; __Host-sid=b", sec_fetch_site=None, origin=None) is None
    assert g.client.calls == []
    assert guard(NoSessionError("x")).session(method="GET", cookie="__Host-sid=a", sec_fetch_site=None,
                                             origin=None) is None
    with pytest.raises(ServiceUnavailableError):
        guard(ServiceUnavailableError()).session(method="GET", cookie="__Host-sid=a", sec_fetch_site=None,
                                                 origin=None)


def test_refusals_are_logged_without_cookie_or_token_values(caplog):
    caplog.set_level("WARNING", logger="coatcheck_client")
    with pytest.raises(CrossOriginError):
        guard().session(method="POST", cookie="__Host-sid=secret-cookie-value", sec_fetch_site="cross-site",
                        origin=None)
    with pytest.raises(CrossOriginError):
        guard(outcome=False).session(method="POST", cookie="__Host-sid=secret-cookie-value", sec_fetch_site=None,
                                     origin=None, csrf_token=CSRF)
    guard().session(method="GET", cookie="__Host-sid=secret-cookie-value; __Host-sid=x", sec_fetch_site=None,
                    origin=None)
    text = caplog.text
    assert "cross-site" in text and "invalid-token" in text and "duplicate" in text
    assert "secret-cookie-value" not in text and CSRF not in text
