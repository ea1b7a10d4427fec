"""JWKS caching and the service client's error mapping, with httpx's in-memory transport (the
end-to-end tests in test/python/ run both against the real service)."""

import httpx
import pytest
from local_http import LocalServer
from tokens import AUDIENCE, ISSUER, Signer

from coatcheck_client import (
    AccessTokenVerifier,
    BadRequestError,
    CoatcheckClient,
    ConfigError,
    ConflictError,
    InvalidTokenError,
    KeySet,
    NoSessionError,
    ServiceAuthError,
    ServiceUnavailableError,
)

URL = "http://127.0.0.1:3000/.well-known/jwks.json"
KEY = "ck_" + "x" * 40


class Jwks:
    def __init__(self, *signers):
        self.signers, self.fetches, self.down, self.now = list(signers), 0, False, 1000.0

    def transport(self):
        def handle(request):
            self.fetches += 1
            if self.down:
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200, json={"keys": [s.jwk for s in self.signers]})
        return httpx.MockTransport(handle)

    def keyset(self, **options):
        return KeySet(jwks_url=URL, transport=self.transport(), clock=lambda: self.now, **options)


def test_fetches_once_then_refetches_an_unknown_kid_once_per_cooldown():
    a, b = Signer("EdDSA", "k-a"), Signer("EdDSA", "k-b")
    jwks = Jwks(a)
    v = AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, keys=jwks.keyset(cooldown=30, max_age=600))
    for _ in range(3):
        v.verify(a.token())
    assert jwks.fetches == 1
    with pytest.raises(InvalidTokenError):  # unknown kid right after a fetch: cooling down
        v.verify(b.token())
    assert jwks.fetches == 1
    jwks.now += 31
    with pytest.raises(InvalidTokenError):  # refetched once; k-b is not published yet
        v.verify(b.token())
    assert jwks.fetches == 2
    jwks.signers.append(b)
    with pytest.raises(InvalidTokenError):  # still cooling down: no fetch, refused
        v.verify(b.token())
    assert jwks.fetches == 2
    jwks.now += 31
    assert v.verify(b.token()).user_id == "alice"  # rotated key picked up after the cooldown
    assert jwks.fetches == 3


def test_a_stale_jwks_is_refetched_and_kept_when_the_fetch_fails():
    a = Signer("EdDSA", "k-a")
    jwks = Jwks(a)
    v = AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, keys=jwks.keyset(cooldown=30, max_age=600))
    v.verify(a.token())
    jwks.now += 601
    jwks.down = True
    assert v.verify(a.token()).user_id == "alice"
    assert jwks.fetches == 2


def test_no_keys_at_all_is_an_outage_not_an_invalid_token():
    jwks = Jwks(Signer("EdDSA", "k-a"))
    jwks.down = True
    v = AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, keys=jwks.keyset())
    for _ in range(2):  # also while cooling down after the failed fetch
        with pytest.raises(ServiceUnavailableError):
            v.verify(jwks.signers[0].token())


def test_a_document_that_is_not_a_small_jwks_gives_no_keys():
    for body in (b"x" * (65 * 1024), b"[]", b'{"keys": 1}', b"not json"):
        transport = httpx.MockTransport(lambda request, body=body: httpx.Response(200, content=body))
        with pytest.raises(ServiceUnavailableError):
            KeySet(jwks_url=URL, transport=transport).get("k-a")
    a = Signer("EdDSA", "k-a")
    junk = {"keys": [{"kid": "a b"}, "x", {**a.jwk, "kid": "k-b"}, a.jwk]}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=junk))
    keys = KeySet(jwks_url=URL, transport=transport)
    assert keys.get("k-a") == a.jwk and keys.get("a b") is None


@pytest.mark.parametrize("url", ["http://auth.example/jwks", "ftp://127.0.0.1/x", "https://u:p@auth.example/j",
                                 "https://auth.example/j#x", "not a url", ""])
def test_jwks_url_must_be_https_or_loopback(url):
    with pytest.raises(ConfigError):
        KeySet(jwks_url=url)


def client(handler):
    return CoatcheckClient("http://127.0.0.1:3000", KEY, transport=httpx.MockTransport(handler))


def answer(status, body=None, content=None):
    return lambda request: httpx.Response(status, json=body) if content is None else httpx.Response(
        status, content=content)


def test_errors_map_to_typed_exceptions_with_the_service_codes():
    cases = [
        (answer(401, {"error": {"code": "ERR_SESSION_EXPIRED", "message": "No valid session"}}), NoSessionError),
        (answer(401, {"error": {"code": "ERR_UNAUTHORIZED", "message": "key"}}), ServiceAuthError),
        (answer(409, {"error": {"code": "ERR_VERSION_CONFLICT", "message": "x"}}), ConflictError),
        (answer(400, {"error": {"code": "ERR_BAD_REQUEST", "message": "x"}}), BadRequestError),
        (answer(503, {"error": {"code": "ERR_STORE_UNAVAILABLE", "message": "x"}}), ServiceUnavailableError),
        (answer(502, content=b"<html>bad gateway</html>"), ServiceUnavailableError),
        (answer(200, content=b"not json"), ServiceUnavailableError),
        (answer(200, {"unexpected": True}), ServiceUnavailableError),
    ]
    for handler, error in cases:
        with pytest.raises(error):
            client(handler).list("alice")
    with pytest.raises(NoSessionError) as caught:
        client(cases[0][0]).validate("a.b")
    assert caught.value.code == "ERR_SESSION_EXPIRED" and caught.value.status == 401


def test_unreachable_or_slow_service_is_unavailable():
    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    def slow(request):
        raise httpx.ReadTimeout("slow", request=request)

    for handler in (refuse, slow):
        with pytest.raises(ServiceUnavailableError) as caught:
            client(handler).validate("a.b")
        assert caught.value.status == 503 and caught.value.__cause__ is None


def test_requests_carry_the_key_and_reprs_never_do():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"revoked": 2})

    c = client(handler)
    assert c.revoke_all("a/b", except_session_id="s1") == 2
    assert seen[0].headers["authorization"] == f"Bearer {KEY}"
    assert seen[0].url.raw_path == b"/v1/users/a%2Fb/sessions?except=s1"
    assert KEY not in repr(c)
    with pytest.raises(ConfigError):
        CoatcheckClient("http://10.0.0.5:3000", KEY)  # plain http outside loopback
    with pytest.raises(ConfigError):
        CoatcheckClient("http://127.0.0.1:3000", "")
    with pytest.raises(NoSessionError):  # a cookie the service cannot parse never leaves this process
        client(handler).validate("x" * 600)


class SlowJwksServer:
    """A real JWKS endpoint on 127.0.0.1 whose answers can be made slow or endless."""

    def __init__(self, signer):
        from http.server import BaseHTTPRequestHandler

        outer = self
        self.delay, self.endless, self.requests = 0.0, False, 0

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                import json
                import time
                outer.requests += 1
                time.sleep(outer.delay)
                self.send_response(200)
                self.send_header("content-type", "application/json")
                if outer.endless:  # a body that never ends: chunks of padding, forever
                    self.send_header("transfer-encoding", "chunked")
                    self.end_headers()
                    chunk = b" " * 8192
                    try:
                        for _ in range(100_000):
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                            time.sleep(0.001)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                body = json.dumps({"keys": [signer.jwk]}).encode()
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.local = LocalServer(Handler)
        self.url = f"{self.local.url}/.well-known/jwks.json"

    def close(self):
        self.local.stop()


def test_a_slow_jwks_refetch_never_stalls_tokens_of_known_keys():
    import threading
    import time
    a = Signer("EdDSA", "k-a")
    server = SlowJwksServer(a)
    try:
        keys = KeySet(jwks_url=server.url, cooldown=0, timeout=5)
        v = AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, keys=keys)
        assert v.verify(a.token()).user_id == "alice"  # first fetch, fast
        server.delay = 2.0
        stranger = Signer("EdDSA", "k-random")
        refetch = threading.Thread(target=lambda: pytest.raises(InvalidTokenError, v.verify, stranger.token()))
        refetch.start()
        while server.requests < 2:  # the slow refetch is under way
            time.sleep(0.01)
        started = time.monotonic()
        for _ in range(20):
            assert v.verify(a.token()).user_id == "alice"
        assert time.monotonic() - started < 0.5  # not blocked behind the 2 s fetch
        refetch.join()
        assert server.requests == 2  # single flight: one refetch for the unknown kid
    finally:
        server.close()


def test_the_jwks_size_cap_applies_while_reading_not_after():
    import time
    server = SlowJwksServer(Signer("EdDSA", "k-a"))
    server.endless = True
    try:
        keys = KeySet(jwks_url=server.url, timeout=5)
        started = time.monotonic()
        with pytest.raises(ServiceUnavailableError):
            keys.get("k-a")
        assert time.monotonic() - started < 2.0  # gave up after 64 KiB, not at the read timeout
    finally:
        server.close()
