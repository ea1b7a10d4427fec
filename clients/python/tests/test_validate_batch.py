"""Concurrent validate calls sent as one batch (validate_batch.py), over real sockets to a small
HTTP/1.1 server that answers as the service does: each caller gets what its own call would have
had, an older service without the batch route is still served (each call alone), and an outage or
a malformed batch answer fails every call of the batch closed. test/python/ runs the real service."""

import asyncio
import json
from contextlib import contextmanager

import pytest

from coatcheck_client import AsyncCoatcheckClient, NoSessionError, ServiceUnavailableError, calls
from local_http import LocalServer, QuietHandler

KEY = "ck_" + "k" * 40
NOT_FOUND = {"error": {"code": "ERR_NOT_FOUND", "message": "Not found"}}
BAD_INPUT = {"error": {"code": "ERR_INPUT_INVALID", "message": "Invalid input"}}


def validation(item):
    """A validate answer: ``user-<name>`` tokens are that user's sessions, anything else invalid."""
    token = item["token"]
    if token.startswith("user-"):
        body = {"session": {"id": f"s-{token}", "userId": token[5:], "data": {}, "version": 1}}
        if "csrfToken" in item:
            body["csrfValid"] = item["csrfToken"] == "k1.good"
        return 200, body
    return 401, {"error": {"code": "ERR_TOKEN_INVALID", "message": "No valid session"}}


class Service(LocalServer):
    """``mode``: ``batch`` (answers the batch route), ``old`` (404 for it, as a service from before
    it), ``refuse`` (400 for it), ``short`` (one result too few)."""

    def __init__(self, mode="batch"):
        self.mode = mode
        self.singles = 0
        self.batches = []
        service = self

        class Handler(QuietHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                if self.path != "/v1/sessions/validate-batch":
                    service.singles += 1
                    self.answer_json(*validation(body))
                    return
                service.batches.append(len(body["items"]))
                if service.mode == "old":
                    self.answer_json(404, NOT_FOUND)
                elif service.mode == "refuse":
                    self.answer_json(400, BAD_INPUT)
                else:
                    items = body["items"][1:] if service.mode == "short" else body["items"]
                    self.answer_json(200, {"results": [
                        {"status": code, "body": value} for code, value in map(validation, items)]})

        super().__init__(Handler)


@contextmanager
def running(mode):
    service = Service(mode)
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def service():
    with running("batch") as service:
        yield service


async def outcome(client, token, csrf_token=None):
    """A call's answer as comparable data: the user id (and CSRF verdict), or the error's type."""
    try:
        validation = await client.validate(token, csrf_token=csrf_token)
    except Exception as error:  # noqa: BLE001 - the type is the outcome
        return type(error).__name__
    return validation.session.user_id if validation.csrf_valid is None else (
        validation.session.user_id, validation.csrf_valid)


def run(url, calls_made, **options):
    async def go():
        async with AsyncCoatcheckClient(url, KEY, **options) as client:
            return await calls_made(client)

    return asyncio.run(go())


def test_concurrent_calls_go_as_one_batch_and_each_gets_its_own_answer(service):
    async def made(client):
        together = await asyncio.gather(
            outcome(client, "user-alice"), outcome(client, "garbage"), outcome(client, "user-bob", "k1.good"),
            outcome(client, "user-carol", "k1.forged"), outcome(client, "x" * 600))
        alone = await outcome(client, "user-dave")
        return together, alone

    together, alone = run(service.url, made)
    # A token over 512 characters never leaves the client; the other four went as one batch.
    assert together == ["alice", "NoSessionError", ("bob", True), ("carol", False), "NoSessionError"]
    assert alone == "dave"
    assert service.batches == [4] and service.singles == 1


def test_a_batch_holds_at_most_the_services_limit(service):
    count = calls.MAX_BATCH_ITEMS * 2 + 5

    async def made(client):
        return await asyncio.gather(*(outcome(client, f"user-{i}") for i in range(count)))

    assert run(service.url, made) == [str(i) for i in range(count)]
    assert sorted(service.batches, reverse=True) == [calls.MAX_BATCH_ITEMS, calls.MAX_BATCH_ITEMS, 5]


def test_an_older_service_without_the_batch_route_gets_each_call_alone():
    async def made(client):
        first = await asyncio.gather(outcome(client, "user-alice"), outcome(client, "nope"))
        second = await asyncio.gather(outcome(client, "user-bob"), outcome(client, "user-carol"))
        return first, second

    with running("old") as old:
        first, second = run(old.url, made)
        assert first == ["alice", "NoSessionError"] and second == ["bob", "carol"]
        assert old.batches == [2]  # tried once; every later call went alone
        assert old.singles == 4


def test_a_refused_batch_is_sent_call_by_call_and_batching_stays_on():
    async def made(client):
        first = await asyncio.gather(outcome(client, "user-alice"), outcome(client, "user-bob"))
        second = await asyncio.gather(outcome(client, "user-carol"), outcome(client, "user-dave"))
        return first, second

    with running("refuse") as refusing:
        assert run(refusing.url, made) == (["alice", "bob"], ["carol", "dave"])
        assert refusing.batches == [2, 2] and refusing.singles == 4


def test_a_malformed_batch_answer_fails_every_call_closed():
    async def made(client):
        return await asyncio.gather(outcome(client, "user-alice"), outcome(client, "user-bob"))

    with running("short") as short:
        assert run(short.url, made) == ["ServiceUnavailableError", "ServiceUnavailableError"]


def test_an_unreachable_service_fails_every_call_of_the_batch(service):
    url = service.url
    service.stop()

    async def made(client):
        return await asyncio.gather(*(outcome(client, f"user-{i}") for i in range(3)))

    assert run(url, made, timeout=1) == ["ServiceUnavailableError"] * 3


def test_a_csrf_token_the_batch_would_refuse_goes_alone(service):
    async def made(client):
        return await asyncio.gather(outcome(client, "user-alice", "c" * 200), outcome(client, "user-bob"),
                                    outcome(client, "user-carol"))

    assert run(service.url, made) == [("alice", False), "bob", "carol"]
    assert service.batches == [2] and service.singles == 1


def test_a_cancelled_caller_leaves_the_others_answered(service):
    async def made(client):
        loop = asyncio.get_running_loop()
        doomed = loop.create_task(client.validate("user-alice"))
        others = [loop.create_task(outcome(client, name)) for name in ("user-bob", "nope")]
        await asyncio.sleep(0)  # all three have joined the batch
        doomed.cancel()
        with pytest.raises(asyncio.CancelledError):
            await doomed
        return await asyncio.gather(*others)

    assert run(service.url, made) == ["bob", "NoSessionError"]
    assert service.batches == [3]


def test_batching_can_be_turned_off(service):
    async def made(client):
        return await asyncio.gather(outcome(client, "user-alice"), outcome(client, "user-bob"))

    assert run(service.url, made, batch_validations=False) == ["alice", "bob"]
    assert service.batches == [] and service.singles == 2


def test_the_batch_path_also_serves_a_client_on_its_own_transport(service):
    import httpx

    async def made(client):
        return await asyncio.gather(outcome(client, "user-alice"), outcome(client, "nope"))

    assert run(service.url, made, transport=httpx.AsyncHTTPTransport()) == ["alice", "NoSessionError"]
    assert service.batches == [2]


def test_no_session_error_is_what_an_invalid_token_raises_in_a_batch(service):
    async def made(client):
        results = await asyncio.gather(client.validate("nope"), client.validate("user-alice"),
                                       return_exceptions=True)
        return results

    invalid, valid = run(service.url, made)
    assert isinstance(invalid, NoSessionError) and invalid.code == "ERR_TOKEN_INVALID"
    assert valid.session.user_id == "alice"
    assert not isinstance(valid, ServiceUnavailableError)
