"""The client and the verifier against a real `coatcheck serve` (started by
test/python/python-backends.test.ts, which passes its URL and key). Not collected by the unit
run; a missing variable is an error here, never a skip."""

import asyncio
import base64
import json
import os
import time

import pytest

from coatcheck_client import (
    AccessTokenVerifier,
    AsyncCoatcheckClient,
    BadRequestError,
    CoatcheckClient,
    ConflictError,
    InvalidTokenError,
    NoSessionError,
    ServiceAuthError,
)

URL = os.environ["COATCHECK_SERVICE_URL"]
KEY = os.environ["COATCHECK_SERVICE_KEY"]
ISSUER = os.environ["COATCHECK_ISSUER"]


@pytest.fixture(scope="module")
def client():
    return CoatcheckClient(URL, KEY)


def verifier(**options):
    settings = {"issuer": ISSUER, "audience": "coatcheck", "jwks_url": f"{URL}/.well-known/jwks.json"}
    settings.update(options)
    return AccessTokenVerifier(**settings)


def test_sessions_create_validate_regenerate_list_revoke(client):
    user = f"py-{time.time_ns()}"
    safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1"
    first = client.create(user, data={"plan": "pro"}, meta={"label": "python", "userAgent": safari})
    assert first.session.meta["device"] == "Safari on iPhone"  # named once, when it was created
    assert first.token not in repr(first)
    assert client.validate(first.token).session.data == {"plan": "pro"}
    second = client.create(user)
    rotated = client.regenerate(second.token, reauthenticated=True)
    with pytest.raises(NoSessionError):  # the old token died with the rotation
        client.validate(second.token)
    assert {s.id for s in client.list(user)} == {first.session.id, rotated.session.id}
    assert [(s.label, s.device) for s in client.list(user) if s.id == first.session.id] == [
        ("python", "Safari on iPhone")
    ]
    version = client.validate(first.token).session.version
    client.set_data(first.session.id, {"plan": "team"}, version=version)
    with pytest.raises(ConflictError):
        client.set_data(first.session.id, {"plan": "x"}, version=version)
    assert client.revoke_all(user, except_session_id=rotated.session.id) == 1
    assert [s.id for s in client.list(user)] == [rotated.session.id]
    assert client.revoke(rotated.session.id) is True
    assert client.revoke(rotated.session.id) is False
    with pytest.raises(NoSessionError):
        client.validate(rotated.token)
    for garbage in ("nope", "a.b", "x" * 600, "é.\u0000"):
        with pytest.raises(NoSessionError):
            client.validate(garbage)


def test_concurrent_async_validations_go_as_batches_and_answer_as_single_calls(client):
    user = f"py-batch-{time.time_ns()}"
    live = [client.create(f"{user}-{i}", data={"n": i}) for i in range(70)]
    revoked = client.create(user)
    client.revoke(revoked.session.id)
    tokens = [s.token for s in live] + [revoked.token, "nope", "a.b", "é.\u0000"]

    def single(token):  # what the sync client, one call each, answers
        try:
            return client.validate(token).session.data
        except NoSessionError as error:
            return error.code

    async def run():
        async with AsyncCoatcheckClient(URL, KEY) as aclient:
            sent = []
            send = aclient._run

            def recording(call):
                sent.append(call.path)
                return send(call)

            aclient._run = recording

            async def batched(token):
                try:
                    return (await aclient.validate(token)).session.data
                except NoSessionError as error:
                    return error.code

            return await asyncio.gather(*(batched(token) for token in tokens)), sent

    answers, sent = asyncio.run(run())
    assert answers == [single(token) for token in tokens]
    assert answers[:70] == [{"n": i} for i in range(70)]
    assert sent == ["/v1/sessions/validate-batch"] * 2  # 74 calls: 64, then 10


def test_a_wrong_service_key_is_a_configuration_error():
    with pytest.raises(ServiceAuthError):
        CoatcheckClient(URL, "ck_" + "wrong" * 8).list("alice")


def test_access_tokens_verify_locally_and_bad_ones_are_refused(client):
    issued = client.create(f"py-at-{time.time_ns()}")
    pair = client.tokens(issued.token)
    verified = verifier().verify(pair.access_token)
    assert (verified.user_id, verified.session_id) == (issued.session.user_id, issued.session.id)
    head, payload, sig = pair.access_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "sub": "mallory"}).encode()).rstrip(b"=").decode()
    flipped = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]
    for bad in (f"{head}.{forged}.{sig}", f"{head}.{payload}.{flipped}", pair.access_token + "x"):
        with pytest.raises(InvalidTokenError):
            verifier().verify(bad)
    with pytest.raises(InvalidTokenError):
        verifier(audience="another-api").verify(pair.access_token)
    with pytest.raises(InvalidTokenError):
        verifier(issuer=ISSUER + "/").verify(pair.access_token)
    later = time.time() + claims["exp"] - claims["iat"] + 61  # past exp and the 60 s leeway
    with pytest.raises(InvalidTokenError):
        verifier(clock=lambda: later, leeway_seconds=60).verify(pair.access_token)


def test_refresh_rotates_and_reuse_revokes_the_session(client):
    issued = client.create(f"py-rt-{time.time_ns()}")
    pair = client.tokens(issued.token)
    following = client.refresh(pair.refresh_token)
    assert following.refresh_token != pair.refresh_token
    assert verifier().verify(following.access_token).session_id == issued.session.id
    newer = client.refresh(following.refresh_token)
    with pytest.raises(NoSessionError) as caught:  # an older generation: reuse detected
        client.refresh(pair.refresh_token)
    assert caught.value.code == "ERR_TOKEN_REUSED"
    with pytest.raises(NoSessionError):
        client.validate(issued.token)
    with pytest.raises(NoSessionError):
        client.refresh(newer.refresh_token)


def test_activity_and_end_everything_sync_and_async(client):
    user = f"py-act-{time.time_ns()}"
    assert client.activity(user).entries == []
    first = client.create(user, meta={"ip": "192.0.2.44"})
    second = client.create(user, meta={"ip": "192.0.2.44"})
    assert client.revoke(first.session.id) is True
    page = client.activity(user, limit=2)
    assert [(e.type, e.session_id) for e in page.entries] == [
        ("session-revoked", first.session.id),
        ("sign-in", second.session.id),
    ]
    assert page.entries[0].actor == "operator" and page.next is not None
    older = client.activity(user, before=page.next)
    assert [(e.type, e.ip) for e in older.entries] == [("sign-in", "192.0.2.44")]
    assert older.next is None
    with pytest.raises(BadRequestError):
        client.activity(user, limit=0)
    with pytest.raises(BadRequestError):
        client.end_everything(user, "Not A Reason")

    async def run():
        async with AsyncCoatcheckClient(URL, KEY) as aclient:
            ended = await aclient.end_everything(user, "password-changed")
            latest = (await aclient.activity(user, limit=1)).entries[0]
            return ended, latest

    ended, latest = asyncio.run(run())
    assert ended.sessions == 1 and ended.not_before > 0
    assert (latest.type, latest.actor, latest.reason) == ("everything-ended", "operator", "password-changed")
    with pytest.raises(NoSessionError):
        client.validate(second.token)
