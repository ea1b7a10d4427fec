"""DPoP (RFC 9449) in the Python verifier: RFC test vectors, bound tokens only with their key's
proof, and each strict proof check with a proof that must be refused next to one that passes."""

import hashlib
import hmac
import json
import time
import uuid

import pytest
from tokens import AUDIENCE, ISSUER, Signer, b64

from coatcheck_client import (AccessTokenVerifier, DpopRequest, DpopVerifier, InvalidDpopProofError,
                              InvalidTokenError)
from coatcheck_client.dpop import access_token_hash, jwk_thumbprint

ED = Signer("EdDSA", "k-ed")
ME = "https://api.example.test/me"
RFC_HEADER = ("eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZ"
              "OXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIs"
              "ImNydiI6IlAtMjU2In19")
RFC_TOKEN_PROOF = (RFC_HEADER + ".eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVy"
                   "LmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4P"
                   "tFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg")
RFC_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"


class ProofKey:
    """A client's proof key (ES256 unless told), making proofs as RFC 9449 §4.2 says, or broken."""

    def __init__(self, alg="ES256"):
        self.signer = Signer(alg, "unused")
        self.jwk = {k: v for k, v in self.signer.jwk.items() if k not in ("kid", "alg", "use")}

    def proof(self, method="GET", url=ME, token=None, header=None, **claims):
        body = {"jti": str(uuid.uuid4()), "htm": method, "htu": url, "iat": int(time.time())}
        if token:
            body["ath"] = access_token_hash(token)
        body.update(claims)
        head = {"typ": "dpop+jwt", "alg": self.signer.alg, "jwk": self.jwk}
        head.update(header or {})
        return self.signer.raw(json.dumps(head), json.dumps({k: v for k, v in body.items() if v is not None}))


def hs256(key, token):
    """The same claims MACed with HS256, which a proof may never use."""
    head = b64(json.dumps({"typ": "dpop+jwt", "alg": "HS256", "jwk": key.jwk}).encode())
    body = b64(json.dumps({"jti": str(uuid.uuid4()), "htm": "GET", "htu": ME, "iat": int(time.time()),
                           "ath": access_token_hash(token)}).encode())
    mac = hmac.new(b"a-shared-secret-of-32-bytes-long", f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(mac)}"


def verifier():
    return AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=ED.jwks())


def test_rfc_9449_vectors():
    jwk = {"kty": "EC", "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
           "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA", "crv": "P-256"}
    assert jwk_thumbprint(jwk) == RFC_JKT
    assert access_token_hash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU") == "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
    request = DpopRequest(RFC_TOKEN_PROOF, "POST", "https://server.example.com/token")
    at_its_time = DpopVerifier(clock=lambda: 1562262616)
    assert at_its_time.verify(request) == RFC_JKT
    with pytest.raises(InvalidDpopProofError):  # the same proof again is a replay
        at_its_time.verify(request)
    with pytest.raises(InvalidDpopProofError):  # and today it is long stale
        DpopVerifier().verify(request)


def test_a_bound_token_needs_its_keys_proof_with_ath():
    key = ProofKey()
    token = ED.token(cnf={"jkt": jwk_thumbprint(key.jwk)})
    with pytest.raises(InvalidTokenError):  # presented as a plain Bearer token
        verifier().verify(token)
    thief = ProofKey()
    with pytest.raises(InvalidTokenError):
        verifier().verify(token, DpopRequest(thief.proof(token=token), "GET", ME))
    assert verifier().verify(token, DpopRequest(key.proof(token=token), "GET", ME)).user_id == "alice"
    ed_key = ProofKey("EdDSA")
    ed_token = ED.token(cnf={"jkt": jwk_thumbprint(ed_key.jwk)})
    assert verifier().verify(ed_token, DpopRequest(ed_key.proof(token=ed_token), "GET", ME)).user_id == "alice"


def test_an_unbound_token_is_refused_as_dpop():
    token = ED.token()
    with pytest.raises(InvalidTokenError):
        verifier().verify(token, DpopRequest(ProofKey().proof(token=token), "GET", ME))
    assert verifier().verify(token).user_id == "alice"


def test_every_strict_check_refuses():
    key = ProofKey()
    token = ED.token(cnf={"jkt": jwk_thumbprint(key.jwk)})
    private = dict(key.jwk, d="AAAA")
    bad = {
        "wrong htu": key.proof(url="https://api.example.test/other", token=token),
        "wrong htm": key.proof(method="POST", token=token),
        "stale iat": key.proof(token=token, iat=int(time.time()) - 600),
        "future iat": key.proof(token=token, iat=int(time.time()) + 600),
        "no ath": key.proof(),
        "private key": key.proof(token=token, header={"jwk": private}),
        "typ JWT": key.proof(token=token, header={"typ": "JWT"}),
        "alg none": ".".join(key.proof(token=token).split(".")[:2]) + ".",
        "HS256": hs256(key, token),
        "no proof": None,
    }
    v = verifier()
    for name, proof in bad.items():
        with pytest.raises((InvalidDpopProofError, InvalidTokenError)):
            v.verify(token, DpopRequest(proof, "GET", ME))
            pytest.fail(name)
    replayed = key.proof(token=token)
    assert v.verify(token, DpopRequest(replayed, "GET", ME)).user_id == "alice"
    with pytest.raises(InvalidDpopProofError):
        v.verify(token, DpopRequest(replayed, "GET", ME))


def test_fastapi_and_django_helpers_pass_the_request():
    from django.conf import settings
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    from coatcheck_client.fastapi import install, require_access_token

    key = ProofKey()
    token = ED.token(cnf={"jkt": jwk_thumbprint(key.jwk)})
    app = FastAPI()
    install(app, client=None, verifier=verifier())

    @app.get("/me")
    def me(claims=Depends(require_access_token)):
        return {"userId": claims.user_id}

    http = TestClient(app)
    url = "http://testserver/me"
    ok = http.get("/me", headers={"authorization": f"DPoP {token}", "dpop": key.proof(url=url, token=token)})
    assert ok.json() == {"userId": "alice"}
    assert http.get("/me", headers={"authorization": f"Bearer {token}"}).status_code == 401
    bad = http.get("/me", headers={"authorization": f"DPoP {token}", "dpop": key.proof(url=url)})
    assert (bad.status_code, bad.headers["www-authenticate"]) == (401, 'DPoP error="invalid_dpop_proof"')

    if not settings.configured:
        settings.configure(ALLOWED_HOSTS=["testserver"], COATCHECK={"SERVICE_KEY": "ck_" + "k" * 40}, DEBUG=False)
        import django

        django.setup()
    from django.http import JsonResponse
    from django.test import RequestFactory

    from coatcheck_client.django import require_access_token as django_requires

    view = django_requires(lambda request: JsonResponse({"userId": request.access_token.user_id}))
    rf = RequestFactory()
    one = verifier()  # one process, one replay cache

    def call(**headers):
        request = rf.get("/me", **headers)
        request.coatcheck_verifier = one
        return view(request)

    proof = key.proof(url=url, token=token)
    assert call(HTTP_AUTHORIZATION=f"DPoP {token}", HTTP_DPOP=proof).status_code == 200
    assert call(HTTP_AUTHORIZATION=f"DPoP {token}", HTTP_DPOP=proof).status_code == 401  # replayed
    assert call(HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
