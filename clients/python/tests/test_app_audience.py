"""App-bound access tokens (M1): a verifier pinned to one app's audience accepts that app's tokens,
with the app-relative user id and the app named apart, and refuses every other audience."""

import json
import time

import pytest
from tokens import ISSUER, Signer

from coatcheck_client import AccessTokenVerifier, ConfigError, InvalidTokenError, LegacyAppTokens

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


def legacy_verifier(now, until_in=300):
    legacy = LegacyAppTokens("billing", "coatcheck", until=now + until_in)
    return AccessTokenVerifier(issuer=ISSUER, audience="billing", jwks=ED.jwks(), legacy=legacy, clock=lambda: now)


def test_the_migration_window_accepts_this_apps_legacy_tokens_only_and_only_while_open():
    now = time.time()
    old = ED.token(aud="coatcheck", sub="billing:alice")  # the form before app audiences
    verified = legacy_verifier(now).verify(old)
    assert (verified.user_id, verified.app) == ("alice", "billing")
    assert legacy_verifier(now).verify(ED.token(aud="billing", sub="alice", app="billing")).user_id == "alice"
    for sub in ("shop:alice", "alice", "billing-2:alice", "billing:"):
        with pytest.raises(InvalidTokenError):
            legacy_verifier(now).verify(ED.token(aud="coatcheck", sub=sub))
    with pytest.raises(InvalidTokenError):  # an app claim is never the legacy form
        legacy_verifier(now).verify(ED.token(aud="coatcheck", sub="billing:alice", app="billing"))
    with pytest.raises(InvalidTokenError):  # the window has closed
        legacy_verifier(now, until_in=0).verify(old)


@pytest.mark.parametrize("legacy", [
    LegacyAppTokens("billing", "coatcheck", until=time.time() + 25 * 3600),
    LegacyAppTokens("billing", "billing", until=time.time() + 60),
    LegacyAppTokens("Billing", "coatcheck", until=time.time() + 60),
    LegacyAppTokens("billing", "", until=time.time() + 60),
    LegacyAppTokens("billing", "coatcheck", until=float("nan")),
])
def test_the_migration_window_is_bounded_and_never_overlaps_the_new_audience(legacy):
    with pytest.raises(ConfigError):
        AccessTokenVerifier(issuer=ISSUER, audience="billing", jwks=ED.jwks(), legacy=legacy)
