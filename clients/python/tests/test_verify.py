"""Local access-token verification: every rule of coatcheck's verifier, each with a token that
must be refused (and a valid twin that must pass, so a refusal is never the only outcome)."""

import hashlib
import hmac
import json
import time

import pytest
from tokens import AUDIENCE, ISSUER, Signer, b64

from coatcheck_client import AccessTokenVerifier, ConfigError, InvalidTokenError

ED = Signer("EdDSA", "k-ed")


def verifier(signer=ED, **options):
    return AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=signer.jwks(), **options)


def refused(v, token):
    with pytest.raises(InvalidTokenError) as caught:
        v.verify(token)
    assert str(caught.value) == "invalid_token" and caught.value.code == "ERR_TOKEN_INVALID"


def test_accepts_a_valid_token_and_returns_its_claims():
    verified = verifier().verify(ED.token())
    assert (verified.user_id, verified.session_id, verified.token_id) == ("alice", "s-1", "j-1")
    assert verified.claims["iss"] == ISSUER
    assert verifier().verify(ED.token(header=ED.header(typ="application/at+jwt"))).user_id == "alice"
    assert verifier().verify(ED.token(aud=["other", AUDIENCE])).user_id == "alice"


@pytest.mark.parametrize("alg", ["ES256", "PS256"])
def test_other_families_only_when_allowed(alg):
    signer = Signer(alg, f"k-{alg}")
    assert verifier(signer, algorithms=[alg]).verify(signer.token()).user_id == "alice"
    with pytest.raises(ConfigError):  # the JWKS key's alg is not in the default allowlist
        verifier(signer)
    mixed = AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks={"keys": [ED.jwk, signer.jwk]},
                                algorithms=["EdDSA", alg])
    assert mixed.verify(signer.token()).user_id == "alice"
    refused(verifier(), signer.token())  # an EdDSA-only verifier refuses the header alg


def test_alg_none_and_hmac_with_the_public_key_are_refused():
    v = verifier()
    payload = b64(json.dumps(ED.claims()).encode())
    for alg in ("none", "None", "NONE"):
        header = b64(json.dumps(ED.header(alg=alg)).encode())
        refused(v, f"{header}.{payload}.")
        refused(v, f"{header}.{payload}.{b64(b'x')}")
    header = b64(json.dumps(ED.header(alg="HS256")).encode())
    secret = json.dumps(ED.jwk).encode()
    mac = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    refused(v, f"{header}.{payload}.{b64(mac)}")
    with pytest.raises(ConfigError):
        verifier(algorithms=["HS256"])
    with pytest.raises(ConfigError):
        verifier(algorithms=[])


def test_the_key_must_agree_with_the_header_alg():
    es = Signer("ES256", "k-es")
    mixed = {"keys": [ED.jwk, {**es.jwk, "alg": "EdDSA"}]}
    v = AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=mixed, algorithms=["EdDSA", "ES256"])
    refused(v, es.token())  # header ES256, key published as EdDSA
    refused(v, es.raw(json.dumps(es.header(alg="EdDSA")), json.dumps(es.claims()), alg="ES256"))
    assert v.verify(ED.token()).user_id == "alice"


@pytest.mark.parametrize("typ", [None, "JWT", "jwt", "at+JWT ", "application/jwt", "at+jwt; x"])
def test_typ_must_be_at_jwt(typ):
    refused(verifier(), ED.token(header=ED.header(typ=typ)))


@pytest.mark.parametrize("claims", [
    {"iss": "http://127.0.0.1:3000/"}, {"iss": "http://127.0.0.1:300"}, {"iss": [ISSUER]},
    {"aud": "other"}, {"aud": ["other"]}, {"aud": []},
    {"exp": int(time.time()) - 120}, {"nbf": int(time.time()) + 120}, {"iat": int(time.time()) + 120},
    {"iss": None}, {"aud": None}, {"sub": None}, {"sid": None}, {"iat": None}, {"exp": None}, {"jti": None},
    {"sub": 42}, {"sid": ""}, {"jti": ["x"]}, {"exp": "later"}, {"iat": True},
])
def test_claims_are_checked(claims):
    refused(verifier(), ED.token(**claims))


def test_leeway_is_bounded_and_honored():
    now = int(time.time())
    assert verifier(leeway_seconds=60).verify(ED.token(exp=now - 30)).user_id == "alice"
    refused(verifier(leeway_seconds=0), ED.token(exp=now - 30))
    assert verifier(leeway_seconds=60).verify(ED.token(nbf=now + 30)).user_id == "alice"
    for bad in (61, -1, 1.5, "30"):
        with pytest.raises(ConfigError):
            verifier(leeway_seconds=bad)


def test_embedded_keys_never_verify():
    attacker = Signer("EdDSA", "k-ed")  # same kid, a key only the attacker holds
    for name, value in (("jwk", attacker.jwk), ("jku", "http://evil.test/jwks"),
                        ("x5u", "http://evil.test/x"), ("x5c", ["MIIB"]), ("crit", ["exp"]), ("b64", False)):
        refused(verifier(), attacker.token(header=attacker.header(**{name: value})))
        refused(verifier(), ED.token(header=ED.header(**{name: value})))
    refused(verifier(), attacker.token())


@pytest.mark.parametrize("kid", [None, "", "a" * 65, "../etc", "k ed", 7])
def test_kid_format_is_checked(kid):
    refused(verifier(), ED.token(header=ED.header(kid=kid)))


def test_unknown_kid_and_tampering_are_refused():
    v = verifier()
    refused(v, Signer("EdDSA", "k-other").token())
    token = ED.token()
    head, payload, sig = token.split(".")
    forged = b64(json.dumps(ED.claims(sub="mallory")).encode())
    refused(v, f"{head}.{forged}.{sig}")
    for i in (0, len(sig) // 2, len(sig) - 2):
        flipped = sig[:i] + ("A" if sig[i] != "A" else "B") + sig[i + 1:]
        refused(v, f"{head}.{payload}.{flipped}")
    assert v.verify(token).user_id == "alice"


def test_strict_compact_form_and_unambiguous_json():
    v = verifier()
    token = ED.token()
    head, payload, sig = token.split(".")
    for bad in (token + "=", f"{head}.{payload}.{sig}=", f"{head}.{payload}.+{sig[1:]}", f"{head}.{payload}./{sig[1:]}", f"{head}.{payload}",
                f"{head}.{payload}.{sig}.x", " " + token, "x" * 9000, "", None, 42):
        refused(v, bad)
    last = sig[-1]  # a non-canonical spelling of the same signature bytes
    alt = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    refused(v, f"{head}.{payload}.{sig[:-1]}{alt[alt.index(last) + 1]}")
    claims = json.dumps(ED.claims())
    refused(v, ED.raw('{"alg":"EdDSA","kid":"k-ed","typ":"at+jwt","alg":"EdDSA"}', claims))
    refused(v, ED.raw(json.dumps(ED.header()), claims[:-1] + ', "sub": "mallory"}'))
    assert v.verify(ED.raw(json.dumps(ED.header()), claims)).user_id == "alice"


def test_local_jwks_is_checked_at_construction():
    with pytest.raises(ConfigError):
        AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks={"keys": [{**ED.jwk, "d": "x"}]})
    with pytest.raises(ConfigError):
        AccessTokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks={"keys": [{**ED.jwk, "kid": "a b"}]})
    with pytest.raises(ConfigError):
        AccessTokenVerifier(issuer="", audience=AUDIENCE, jwks=ED.jwks())
    with pytest.raises(ConfigError):
        AccessTokenVerifier(issuer=ISSUER, audience=[], jwks=ED.jwks())
