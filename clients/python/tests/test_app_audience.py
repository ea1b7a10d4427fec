"""App-bound access tokens (M1): a verifier pinned to one app's audience accepts that app's tokens,
with the app-relative user id and the app named apart, and refuses every other audience."""

import json

import pytest
from tokens import ISSUER, Signer

from coatcheck_client import AccessTokenVerifier, InvalidTokenError

ED = Signer("EdDSA", "k-ed")


def verifier(audience):
    return AccessTokenVerifier(issuer=ISSUER, audience=audience, jwks=ED.jwks())


def test_an_apps_token_names_the_user_as_the_app_knows_them_and_the_app_apart():
    verified = verifier("billing").verify(ED.token(aud="billing", sub="alice", app="billing"))
    assert (verified.user_id, verified.app) == ("alice", "billing")
    # An operator's token names no app.
    assert verifier("coatcheck").verify(ED.token(aud="coatcheck", sub="auth0|bob")).app is None


@pytest.mark.parametrize("audience", ["shop", "coatcheck", "billing-2", "Billing"])
def test_a_token_of_one_app_is_refused_for_any_other_audience(audience):
    token = ED.token(aud="billing", sub="alice", app="billing")
    with pytest.raises(InvalidTokenError) as caught:
        verifier(audience).verify(token)
    assert caught.value.code == "ERR_TOKEN_INVALID" and str(caught.value) == "invalid_token"


@pytest.mark.parametrize("app", ["", None, "Billing", "billing:x", 7, ["billing"], {"name": "billing"}, "b" * 33])
def test_a_malformed_app_claim_is_refused(app):
    def signed(value):  # exact JSON, so an explicit null stays in the payload
        return ED.raw(json.dumps(ED.header()), json.dumps({**ED.claims(aud="billing"), "app": value}))

    assert verifier("billing").verify(signed("billing")).app == "billing"
    with pytest.raises(InvalidTokenError):
        verifier("billing").verify(signed(app))
