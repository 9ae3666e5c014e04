"""Per-request options, with_options, the caller's httpx client, retry hints, logging and metadata, over loopback."""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import sequence_api_client
from sequence_api_client import AsyncSequence, RetryPolicy, Sequence, errors
from sequence_api_client.models import CreateTransferRequest

from ..conftest import BUNDLED, SEED_ACCOUNT, seed_bodies
from .scripted_server import Reply, ScriptedServer, scripted_server
from .test_client_sdk import FakeClock, on_fake_time

KEY = "sk_test_options_secret_0123456789"
ACCOUNT = seed_bodies(SEED_ACCOUNT)[0]
TRANSFER = {"source_account_id": "acc_01HDEF0123", "destination_account_id": "acc_01HKLM5678", "amount_in_cents": 100}


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def test_every_method_takes_the_request_options() -> None:
    import yaml

    paths = yaml.safe_load(BUNDLED.read_text())["paths"]
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values() if "operationId" in op]
    names = [re.sub(r"(?<!^)(?=[A-Z])", "_", oid).lower() for oid in operation_ids]
    for client_class in (Sequence, AsyncSequence):
        for name in names + [f"{name}_detailed" for name in names]:
            options = inspect.signature(getattr(client_class, name)).parameters["options"]
            assert options.kind is inspect.Parameter.VAR_KEYWORD, name
            assert "RequestOptions" in str(options.annotation), name


def test_the_async_client_shares_and_never_closes_a_callers_pool(server: ScriptedServer) -> None:
    async def run() -> None:
        server.script(Reply(200, ACCOUNT))
        async with httpx.AsyncClient() as shared:
            client = AsyncSequence(KEY, base_url=server.base_url, http_client=shared)
            copy = client.with_options(max_retries=0, timeout=5)
            assert copy._http is shared and copy.retry.max_retries == 0
            await copy.close()
            await client.close()
            assert not shared.is_closed
            assert (await client.get_account("acc_01HGHI7890", timeout=5)).data.id == ACCOUNT["data"]["id"]

    asyncio.run(run())


def test_timeout_per_request(server: ScriptedServer) -> None:
    with Sequence(KEY, base_url=server.base_url, retry=None) as client:
        server.script(Reply(200, ACCOUNT, delay=0.5))
        with pytest.raises(errors.APITimeoutError):
            client.get_account("acc_01HGHI7890", timeout=0.1)
        assert client.get_account("acc_01HGHI7890").data.id == ACCOUNT["data"]["id"]


def test_extra_headers_query_and_body_are_sent(server: ScriptedServer) -> None:
    server.script(Reply(201, {"request_id": "r", "data": {}}))
    with Sequence(KEY, base_url=server.base_url, retry=None) as client:
        client.create_transfer_detailed(
            body=CreateTransferRequest.from_dict(TRANSFER),
            extra_headers={"X-Trace": "t-1"},
            extra_query={"beta": "yes"},
            extra_body={"memo": "rent"},
        )
    sent = server.received[0]
    assert sent.headers["X-Trace"] == "t-1"
    assert parse_qs(urlsplit(sent.path).query) == {"beta": ["yes"]}
    assert json.loads(sent.body) == {**TRANSFER, "memo": "rent"}


def test_max_retries_and_retry_per_request(server: ScriptedServer) -> None:
    client = on_fake_time(Sequence(KEY, base_url=server.base_url, retry=RetryPolicy(max_retries=3)), FakeClock())
    server.script(Reply(503, b""))
    with pytest.raises(errors.InternalServerError):
        client.get_account("acc_01HGHI7890", max_retries=0)
    assert len(server.received) == 1
    server.script(Reply(503, b""))
    with pytest.raises(errors.InternalServerError):
        client.get_account("acc_01HGHI7890", retry=RetryPolicy(max_retries=1))
    assert len(server.received) == 2
    server.script(Reply(503, b""))
    with pytest.raises(errors.InternalServerError):
        client.get_account("acc_01HGHI7890", retry=None)
    assert len(server.received) == 1
    client.close()


def test_an_unknown_option_is_a_clear_type_error(server: ScriptedServer) -> None:
    server.script(Reply(200, ACCOUNT))
    with Sequence(KEY, base_url=server.base_url) as client, pytest.raises(TypeError, match="timeuot"):
        client.get_account("acc_01HGHI7890", timeuot=2)  # type: ignore[call-arg]
    assert server.received == []


def test_with_options_shares_the_pool_and_closing_it_leaves_the_pool_open(server: ScriptedServer) -> None:
    server.script(Reply(200, ACCOUNT))
    client = Sequence(KEY, base_url=server.base_url)
    quick = client.with_options(timeout=5, max_retries=0, headers={"X-Team": "ops"})
    assert quick._http is client._http
    assert quick.retry.max_retries == 0 and client.retry.max_retries == 3
    quick.get_account("acc_01HGHI7890")
    assert server.received[-1].headers["X-Team"] == "ops"
    quick.close()
    assert client.get_account("acc_01HGHI7890").data.id == ACCOUNT["data"]["id"]
    assert "X-Team" not in server.received[-1].headers
    client.close()
    assert client._http.is_closed


def test_a_callers_http_client_is_never_closed(server: ScriptedServer) -> None:
    server.script(Reply(200, ACCOUNT))
    shared = httpx.Client()
    first, second = (
        Sequence(KEY, base_url=server.base_url, http_client=shared),
        Sequence(KEY, base_url=server.base_url, http_client=shared),
    )
    first.close()
    assert second.get_account("acc_01HGHI7890").data.id == ACCOUNT["data"]["id"]
    second.close()
    assert not shared.is_closed
    shared.close()


def test_a_callers_http_client_keeps_its_timeout_unless_asked(server: ScriptedServer) -> None:
    server.script(Reply(200, ACCOUNT, delay=0.5))
    with httpx.Client(timeout=0.1) as http:
        with pytest.raises(errors.APITimeoutError):
            Sequence(KEY, base_url=server.base_url, http_client=http, retry=None).get_account("acc_01HGHI7890")
        asked = Sequence(KEY, base_url=server.base_url, http_client=http, retry=None, timeout=5)
        assert asked.get_account("acc_01HGHI7890").data.id == ACCOUNT["data"]["id"]


@pytest.mark.parametrize(
    ("status", "hint", "attempts"),
    [(503, "false", 1), (400, "true", 3), (408, None, 3), (400, None, 1), (503, None, 3)],
)
def test_x_should_retry_and_408(server: ScriptedServer, status: int, hint: str | None, attempts: int) -> None:
    server.script(Reply(status, b"", headers={"x-should-retry": hint} if hint else {}))
    client = on_fake_time(Sequence(KEY, base_url=server.base_url, retry=RetryPolicy(max_retries=2)), FakeClock())
    with pytest.raises(errors.APIStatusError):
        client.get_account("acc_01HGHI7890")
    assert len(server.received) == attempts
    client.close()


def test_retry_after_is_capped(server: ScriptedServer) -> None:
    server.script(Reply(429, b"", headers={"Retry-After": "3600"}), Reply(200, ACCOUNT))
    clock = FakeClock()
    policy = RetryPolicy(max_retries=1, max_retry_after=2.0)
    with on_fake_time(Sequence(KEY, base_url=server.base_url, retry=policy), clock) as client:
        client.get_account("acc_01HGHI7890")
    assert clock.sleeps == [2.0]


def test_idempotency_key_takes_a_uuid_and_refuses_anything_else(server: ScriptedServer) -> None:
    server.script(Reply(201, {"request_id": "r", "data": {}}), Reply(201, {"request_id": "r", "data": {}}))
    key = uuid.uuid4()
    with Sequence(KEY, base_url=server.base_url, retry=None) as client:
        client.create_transfer_detailed(body=CreateTransferRequest.from_dict(TRANSFER), idempotency_key=key)
        assert server.received[0].headers["Idempotency-Key"] == str(key)
        for refused in ("my-key", key.hex, f"urn:uuid:{key}", f"{{{key}}}"):  # uuid.UUID takes these; the spec does not
            with pytest.raises(ValueError, match="idempotency_key must be a UUID"):
                client.create_transfer(body=CreateTransferRequest.from_dict(TRANSFER), idempotency_key=refused)
        client.create_transfer_detailed(
            body=CreateTransferRequest.from_dict(TRANSFER), idempotency_key=str(key).upper()
        )
        assert server.received[1].headers["Idempotency-Key"] == str(key).upper()
    assert len(server.received) == 2


def test_a_header_given_again_in_another_case_replaces_it(server: ScriptedServer) -> None:
    server.script(Reply(200, ACCOUNT), Reply(200, ACCOUNT))
    with Sequence(KEY, base_url=server.base_url, retry=None, headers={"user-agent": "mine/1"}) as client:
        client.with_options(headers={"authorization": "ApiKey other", "USER-AGENT": "mine/2"}).get_account("acc_1")
        client.get_account(
            "acc_1", x_request_id="req_a", extra_headers={"authorization": "ApiKey b", "x-request-id": "req_b"}
        )
    first, second = (dict((k.lower(), v) for k, v in r.headers.items()) for r in server.received)
    for received in server.received:
        names = [name.lower() for name in received.headers]
        assert len(names) == len(set(names)), f"a header sent twice: {received.headers}"
    assert first["authorization"] == f"ApiKey {KEY}" and first["user-agent"] == "mine/2"  # the client's key wins
    assert second["authorization"] == "ApiKey b" and second["x-request-id"] == "req_b"  # per request, anything goes


def test_sequence_log_debug_logs_requests_without_the_key(server: ScriptedServer) -> None:
    server.script(Reply(503, b""), Reply(200, ACCOUNT, headers={"X-Request-ID": "req_log_1"}))
    script = (
        "from sequence_api_client import Sequence, RetryPolicy\n"
        f"c = Sequence({KEY!r}, base_url={server.base_url!r}, retry=RetryPolicy(initial_backoff=0.01))\n"
        "c.get_account('acc_01HGHI7890')\n"
    )
    env = {**os.environ, "SEQUENCE_LOG": "debug"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    log = done.stderr
    assert KEY not in log and "ApiKey <SEQUENCE_API_KEY>" in log
    assert "GET /accounts/acc_01HGHI7890 -> 503" in log and "retry 1" in log
    assert "-> 200" in log and "req_log_1" in log


def test_a_bad_sequence_log_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEQUENCE_LOG", "verbose")
    with pytest.raises(errors.SequenceError, match="SEQUENCE_LOG must be one of"):
        Sequence(KEY)


def test_version_is_the_specs() -> None:
    import yaml

    assert sequence_api_client.__version__ == yaml.safe_load(BUNDLED.read_text())["info"]["version"]


def test_test_hooks_are_not_constructor_arguments() -> None:
    parameters = inspect.signature(Sequence).parameters
    assert not {"clock", "draw"} & set(parameters)
    assert {"timeout", "retry", "max_retries", "headers", "http_client"} <= set(parameters)


def test_models_have_to_dict_and_to_json(server: ScriptedServer) -> None:
    server.script(Reply(200, ACCOUNT))
    with Sequence(KEY, base_url=server.base_url) as client:
        account = client.get_account("acc_01HGHI7890").data
    assert json.loads(account.to_json()) == ACCOUNT["data"] == account.to_dict()


def test_docstrings_carry_the_specs_descriptions() -> None:
    import yaml

    spec = yaml.safe_load(BUNDLED.read_text())
    operation = spec["paths"]["/accounts/{id}"]["get"]
    parameter = spec["components"]["parameters"]["AccountIdPath"]
    doc = " ".join((Sequence.get_account.__doc__ or "").split())
    assert " ".join(operation["description"].split()) in doc
    assert f"id: {parameter['description']}" in doc
