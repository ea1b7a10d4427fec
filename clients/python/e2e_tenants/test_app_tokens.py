"""App-bound access tokens against a real `coatcheck serve` with two apps' keys (started by
test/server/app-tokens.test.ts, which passes its URL, issuer and keys). Not collected by the unit
run; a missing variable is an error here, never a skip."""

import os
import time

import pytest

from coatcheck_client import AccessTokenVerifier, CoatcheckClient, InvalidTokenError, NoSessionError

URL = os.environ["COATCHECK_SERVICE_URL"]
ISSUER = os.environ["COATCHECK_ISSUER"]
OPERATOR = CoatcheckClient(URL, os.environ["COATCHECK_OPERATOR_KEY"])
BILLING = CoatcheckClient(URL, os.environ["COATCHECK_BILLING_KEY"])
SHOP = CoatcheckClient(URL, os.environ["COATCHECK_SHOP_KEY"])


def verifier(audience):
    return AccessTokenVerifier(issuer=ISSUER, audience=audience, jwks_url=f"{URL}/.well-known/jwks.json")


def refused(audience, token):
    with pytest.raises(InvalidTokenError) as caught:
        verifier(audience).verify(token)
    assert caught.value.code == "ERR_TOKEN_INVALID"


def test_a_token_minted_for_one_app_is_refused_by_another_apps_verifier():
    user = f"py-alice-{time.time_ns()}"
    billing = BILLING.create(user)
    shop = SHOP.create(user)
    billing_token = BILLING.tokens(billing.token).access_token
    shop_token = SHOP.tokens(shop.token).access_token
    verified = verifier("billing").verify(billing_token)
    assert (verified.user_id, verified.app, verified.session_id) == (user, "billing", billing.session.id)
    assert verifier("shop").verify(shop_token).session_id == shop.session.id
    refused("shop", billing_token)
    refused("billing", shop_token)
    refused("coatcheck", billing_token)  # the operator's audience is not the app's


def test_one_user_id_means_one_thing_through_the_cookie_and_the_bearer_token():
    user = f"py-bob-{time.time_ns()}"
    issued = BILLING.create(user)
    by_cookie = BILLING.validate(issued.token).session.user_id
    by_bearer = verifier("billing").verify(BILLING.tokens(issued.token).access_token).user_id
    assert by_cookie == by_bearer == user


def test_operator_tokens_keep_the_service_audience_and_name_no_app():
    issued = OPERATOR.create(f"py-op-{time.time_ns()}")
    token = OPERATOR.tokens(issued.token).access_token
    verified = verifier("coatcheck").verify(token)
    assert (verified.user_id, verified.app) == (issued.session.user_id, None)
    refused("billing", token)


def test_refresh_tokens_stay_with_their_app():
    issued = BILLING.create(f"py-rt-{time.time_ns()}")
    pair = BILLING.tokens(issued.token)
    following = BILLING.refresh(pair.refresh_token)
    assert verifier("billing").verify(following.access_token).app == "billing"
    with pytest.raises(NoSessionError):  # another app presenting it: refused, the family revoked
        SHOP.refresh(following.refresh_token)
    with pytest.raises(NoSessionError):
        BILLING.refresh(following.refresh_token)
