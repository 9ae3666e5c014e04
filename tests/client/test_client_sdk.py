"""The client's entry points (Sequence, AsyncSequence) against the sandbox over real loopback HTTP:
every operation, retries (429, 5xx, dropped connections), idempotency keys, pagination, typed errors."""

from __future__ import annotations

import asyncio
import email.utils
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sequence_api_client import AsyncSequence, RetryPolicy, Sequence, errors
from sequence_api_client._runtime import DEFAULT_BASE_URL, error_from_response, retry_after_seconds
from sequence_api_client.models import CreateTransferRequest, TriggerRuleRequest

from sequence_toolkit.sandbox.pipeline import Settings

from ..conftest import REPO
from ..faulty_proxy import faulty_proxy
from ..sandbox.test_sandbox_api import AMEX, DISABLED_RULE, MANUAL_RULE, PAY, RULE, SAVE
from ..sandbox_server import RunningSandbox, run_sandbox

CARD, EXECUTION, TRANSFER = "card_01HABC4567", "rex_01HMNO6789", "txr_01HPQR1234"


class FakeClock:
    """Records the waits instead of sleeping them."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Counter:
    """An httpx request hook counting the attempts that reach the wire."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> None:
        self.requests.append(request)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with run_sandbox(tmp_path_factory.mktemp("sandbox")) as running:
        yield running


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[RunningSandbox]:
    """A sandbox allowing 60 requests a minute per key: once drained, one request a second."""
    with run_sandbox(tmp_path, Settings(rate_limit_per_minute=60, settle_delay_seconds=0.05)) as running:
        yield running


def drain(sandbox: RunningSandbox, key: str) -> None:
    with httpx.Client(base_url=sandbox.base_url, headers={"Authorization": f"ApiKey {sandbox.keys[key]}"}) as http:
        while http.get(f"/accounts/{AMEX}").status_code != 429:
            pass


def port_of(url: str) -> int:
    return httpx.URL(url).port or 80


def sequence(sandbox: RunningSandbox, key: str = "full_access", **options: Any) -> Sequence:
    return Sequence(sandbox.keys[key], base_url=sandbox.base_url, **options)


def on_fake_time(client: Sequence, clock: FakeClock, draw: float | None = None) -> Sequence:
    """``client`` sleeping on ``clock`` (and drawing ``draw`` for the jitter): test hooks, not constructor arguments."""
    client._clock = clock
    if draw is not None:
        client._draw = lambda: draw
    return client


def transfer_ids(client: Sequence) -> set[str]:
    return {t.id for t in client.list_transfers(account_id=PAY, first=100)}


# --- every operation ------------------------------------------------------------------------


def test_every_operation_through_the_sync_client(sandbox: RunningSandbox) -> None:
    with sequence(sandbox) as client:
        assert AMEX in {a.id for a in client.list_accounts()}
        assert client.get_account(AMEX).data.id == AMEX
        assert RULE in {r.id for r in client.list_rules()}
        assert client.get_rule(RULE).data.id == RULE
        assert all(e.rule_id == RULE for e in client.list_rule_executions(rule_id=RULE))
        assert client.get_rule_execution(EXECUTION).data.id == EXECUTION
        assert TRANSFER in {t.id for t in client.list_transfers(account_id=PAY)}
        assert client.get_transfer(TRANSFER).data.id == TRANSFER
        assert CARD in {c.id for c in client.list_cards(account_id=PAY)}
        assert client.get_card(CARD).data.id == CARD
        assert all(t.card_id == CARD for t in client.list_card_transactions(CARD))
        body = CreateTransferRequest(source_account_id=PAY, destination_account_id=SAVE, amount_in_cents=101)
        created = client.create_transfer(body=body)
        assert created.data.status == "processing" and created.data.amount_in_cents == 101
        triggered = client.trigger_rule(MANUAL_RULE, body=TriggerRuleRequest())
        assert client.get_rule_execution(triggered.data.execution_id).data.rule_id == MANUAL_RULE


def test_every_operation_through_the_async_client(sandbox: RunningSandbox) -> None:
    async def run() -> None:
        async with AsyncSequence(sandbox.keys["full_access"], base_url=sandbox.base_url) as client:
            assert AMEX in {a.id async for a in client.list_accounts()}
            assert (await client.get_account(AMEX)).data.id == AMEX
            assert RULE in {r.id async for r in client.list_rules()}
            assert (await client.get_rule(RULE)).data.id == RULE
            assert [e async for e in client.list_rule_executions(rule_id=RULE)]
            assert (await client.get_rule_execution(EXECUTION)).data.id == EXECUTION
            assert TRANSFER in {t.id async for t in client.list_transfers(account_id=PAY)}
            assert (await client.get_transfer(TRANSFER)).data.id == TRANSFER
            assert CARD in {c.id async for c in client.list_cards(account_id=PAY)}
            assert (await client.get_card(CARD)).data.id == CARD
            assert [t async for t in client.list_card_transactions(CARD)]
            body = CreateTransferRequest(source_account_id=PAY, destination_account_id=SAVE, amount_in_cents=102)
            assert (await client.create_transfer(body=body)).data.amount_in_cents == 102
            assert (await client.trigger_rule(MANUAL_RULE, body=TriggerRuleRequest())).data.execution_id

    asyncio.run(run())


def test_detailed_calls_return_the_response_whatever_the_status(sandbox: RunningSandbox) -> None:
    with sequence(sandbox, key="no_permissions") as client:
        response = client.get_account_detailed(AMEX, x_request_id="req_detailed_1")
    assert response.status_code == 403
    assert response.headers["X-Request-ID"] == "req_detailed_1"


# --- configuration --------------------------------------------------------------------------


def test_key_and_base_url_come_from_the_environment(sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEQUENCE_API_KEY", sandbox.keys["full_access"])
    monkeypatch.setenv("SEQUENCE_BASE_URL", sandbox.base_url + "/")
    with Sequence() as client:
        assert client.base_url == sandbox.base_url
        assert client.get_account(AMEX).data.id == AMEX


def test_a_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEQUENCE_API_KEY", raising=False)
    with pytest.raises(errors.SequenceError, match="SEQUENCE_API_KEY"):
        Sequence()
    with pytest.raises(errors.SequenceError, match="base_url must start with http"):
        Sequence("sk_x", base_url="api.example.invalid")


def test_the_default_base_url_is_the_specs_server(bundled: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEQUENCE_BASE_URL", raising=False)
    assert bundled["servers"][0]["url"] == DEFAULT_BASE_URL
    assert Sequence("sk_x").base_url == DEFAULT_BASE_URL


# --- typed errors ---------------------------------------------------------------------------


def make_transfer(amount: int) -> CreateTransferRequest:
    return CreateTransferRequest(source_account_id=PAY, destination_account_id=SAVE, amount_in_cents=amount)


def test_each_error_code_raises_its_class_with_the_request_id(sandbox: RunningSandbox) -> None:
    full, none = sequence(sandbox), sequence(sandbox, key="no_permissions")
    capped = sequence(sandbox, key="transfer_paycheck_to_savings_max_500")
    bad_key = Sequence("sk_sandbox_not_a_key", base_url=sandbox.base_url)
    reused = str(uuid.uuid4())
    full.create_transfer(body=make_transfer(103), idempotency_key=reused)
    cases: list[tuple[type[errors.APIStatusError], Any]] = [
        (errors.InvalidParametersError, lambda rid: full.list_accounts(first=0, x_request_id=rid).first_page()),
        (
            errors.IdempotencyKeyMismatchError,
            lambda rid: full.create_transfer(body=make_transfer(104), idempotency_key=reused, x_request_id=rid),
        ),
        (errors.UnauthorizedError, lambda rid: bad_key.get_account(AMEX, x_request_id=rid)),
        (errors.ForbiddenError, lambda rid: none.get_account(AMEX, x_request_id=rid)),
        (
            errors.MaximumAmountExceededError,
            lambda rid: capped.create_transfer(body=make_transfer(50001), x_request_id=rid),
        ),
        (
            errors.RuleDeactivatedError,
            lambda rid: full.trigger_rule(DISABLED_RULE, body=TriggerRuleRequest(), x_request_id=rid),
        ),
        (errors.ResourceNotFoundError, lambda rid: full.get_account("acc_01HZZZ9999", x_request_id=rid)),
    ]
    for expected, call in cases:
        request_id = f"req_{expected.__name__}"
        with pytest.raises(expected) as caught:
            call(request_id)
        error = caught.value
        assert error.request_id == request_id, expected
        assert errors.CODE_ERRORS[str(error.code)] is expected
        assert error.status == expected.status and error.message
    for client in (full, none, capped, bad_key):
        client.close()


def test_rate_limit_exceeded_raises_when_retries_are_off(limited: RunningSandbox) -> None:
    drain(limited, "full_access")
    with sequence(limited, retry=None) as client, pytest.raises(errors.RateLimitExceededError) as caught:
        client.get_account(AMEX, x_request_id="req_limited")
    assert caught.value.request_id == "req_limited"
    assert caught.value.retry_after is not None and caught.value.retry_after >= 1


@pytest.mark.parametrize("code", sorted(errors.CODE_ERRORS))
def test_every_documented_code_maps_to_a_class_under_its_status(code: str, bundled: dict[str, Any]) -> None:
    # idempotency_key_in_use (409) is never sent by the sandbox, so every code is also checked here
    status = bundled["components"]["schemas"]["ErrorCode"]["x-sequence-error-statuses"][code]
    body = f'{{"error": {{"code": "{code}", "message": "m"}}, "request_id": "req_body"}}'.encode()
    error = error_from_response(status, {}, body, errors.CODE_ERRORS)
    assert type(error) is errors.CODE_ERRORS[code]
    assert error.status == status == type(error).status
    assert (error.code, error.message, error.request_id) == (code, "m", "req_body")


def test_an_unknown_code_or_status_falls_back_to_the_status_class() -> None:
    body = b'{"error": {"code": "forbidden", "message": "m"}}'
    assert type(error_from_response(400, {}, body, errors.CODE_ERRORS)) is errors.BadRequestError
    assert (
        type(error_from_response(502, {"X-Request-ID": "r"}, b"<html>", errors.CODE_ERRORS))
        is errors.InternalServerError
    )
    assert type(error_from_response(418, {}, b"", errors.CODE_ERRORS)) is errors.APIStatusError


# --- request ids ----------------------------------------------------------------------------


def test_request_ids_are_exposed_and_can_be_set(sandbox: RunningSandbox) -> None:
    with sequence(sandbox) as client:
        mine = client.get_account(AMEX, x_request_id="req_mine_0001")
        generated = client.get_account_detailed(AMEX)
    assert mine.request_id == "req_mine_0001"
    assert generated.parsed is not None and generated.parsed.request_id == generated.headers["X-Request-ID"]


# --- retries --------------------------------------------------------------------------------


def test_a_429_is_retried_after_waiting_retry_after(limited: RunningSandbox) -> None:
    drain(limited, "full_access")
    counter = Counter()
    http = httpx.Client(event_hooks={"request": [counter]})
    with sequence(limited, http_client=http) as client:
        started = time.monotonic()
        assert client.get_account(AMEX).data.id == AMEX
        waited = time.monotonic() - started
    assert len(counter.requests) == 2
    assert waited >= 0.9, "the client must wait the Retry-After seconds"


def test_429_retries_are_bounded_by_count_and_by_time(limited: RunningSandbox) -> None:
    drain(limited, "full_access")
    counter, clock = Counter(), FakeClock()
    http = httpx.Client(event_hooks={"request": [counter]})
    with on_fake_time(sequence(limited, http_client=http, retry=RetryPolicy(max_retries=2)), clock) as client:
        with pytest.raises(errors.RateLimitExceededError):
            client.get_account(AMEX)  # the fake clock does not let the bucket refill
        assert len(counter.requests) == 3
        assert clock.sleeps == [1.0, 1.0]

    counter.requests.clear()
    budget = RetryPolicy(max_retries=5, max_elapsed=0.5)
    http = httpx.Client(event_hooks={"request": [counter]})
    with sequence(limited, http_client=http, retry=budget) as client, pytest.raises(errors.RateLimitExceededError):
        client.get_account(AMEX)
    assert len(counter.requests) == 1, "Retry-After beyond the time budget: no retry"


def test_5xx_is_retried_with_exponential_backoff_on_a_fake_clock(sandbox: RunningSandbox) -> None:
    clock = FakeClock()
    policy = RetryPolicy(max_retries=3, initial_backoff=0.5, jitter=0.5)
    with faulty_proxy(port_of(sandbox.base_url), ["503", "503", "503"]) as proxy:
        client = on_fake_time(Sequence(sandbox.keys["full_access"], base_url=proxy.base_url, retry=policy), clock, 0.5)
        assert client.get_account(AMEX).data.id == AMEX
        client.close()
    assert clock.sleeps == [0.375, 0.75, 1.5]  # 0.5·2^n, less half of the jitter
    assert proxy.served == ["503", "503", "503", "pass"]


def test_5xx_after_the_last_retry_raises_the_status_error(sandbox: RunningSandbox) -> None:
    with faulty_proxy(port_of(sandbox.base_url), ["503", "503"]) as proxy:
        client = Sequence(sandbox.keys["full_access"], base_url=proxy.base_url, retry=RetryPolicy(max_retries=1))
        on_fake_time(client, FakeClock())
        with pytest.raises(errors.InternalServerError) as caught:
            client.get_account(AMEX)
        client.close()
    assert caught.value.status == 503 and caught.value.request_id == "req_proxy"


def test_a_dropped_connection_is_retried(sandbox: RunningSandbox) -> None:
    with faulty_proxy(port_of(sandbox.base_url), ["drop"]) as proxy:
        client = on_fake_time(Sequence(sandbox.keys["full_access"], base_url=proxy.base_url), FakeClock())
        assert client.get_account(AMEX).data.id == AMEX
        client.close()
    assert proxy.served == ["drop", "pass"]


def test_without_retries_a_dropped_connection_raises_a_connection_error(sandbox: RunningSandbox) -> None:
    with faulty_proxy(port_of(sandbox.base_url), ["drop"]) as proxy:
        client = Sequence(sandbox.keys["full_access"], base_url=proxy.base_url, retry=None)
        with pytest.raises(errors.APIConnectionError, match="after 1 attempt") as caught:
            client.get_account(AMEX)
        client.close()
    assert caught.value.attempts == 1


def test_an_automatic_idempotency_key_survives_a_retry(sandbox: RunningSandbox) -> None:
    counter = Counter()
    with sequence(sandbox) as reader, faulty_proxy(port_of(sandbox.base_url), ["drop_after_forward"]) as proxy:
        before = transfer_ids(reader)
        http = httpx.Client(event_hooks={"request": [counter]})
        client = on_fake_time(
            Sequence(sandbox.keys["full_access"], base_url=proxy.base_url, http_client=http), FakeClock()
        )
        created = client.create_transfer(body=make_transfer(4242))
        client.close()
        new = transfer_ids(reader) - before
    assert proxy.served[0] == "drop_after_forward" and len(counter.requests) == 2
    keys = {r.headers["Idempotency-Key"] for r in counter.requests}
    assert len(keys) == 1 and uuid.UUID(keys.pop()).version == 4
    assert new == {created.data.id}, "the retry must replay the first transfer, not create a second"


def test_each_call_gets_its_own_idempotency_key(sandbox: RunningSandbox) -> None:
    counter = Counter()
    with sequence(sandbox, http_client=httpx.Client(event_hooks={"request": [counter]})) as client:
        first = client.create_transfer(body=make_transfer(105))
        second = client.create_transfer(body=make_transfer(105))
    assert first.data.id != second.data.id
    assert len({r.headers["Idempotency-Key"] for r in counter.requests}) == 2


def test_a_post_without_idempotency_key_is_not_retried(sandbox: RunningSandbox) -> None:
    with faulty_proxy(port_of(sandbox.base_url), ["drop"]) as proxy:
        client = on_fake_time(Sequence(sandbox.keys["full_access"], base_url=proxy.base_url), FakeClock())
        request = {"method": "post", "url": "/rules/x/trigger", "json": {}}
        with pytest.raises(errors.APIConnectionError):
            client._send(request)
        client.close()
    assert proxy.served == ["drop"]


# --- backoff, unit ----------------------------------------------------------------------------


def test_backoff_doubles_up_to_the_ceiling_less_the_jitter() -> None:
    policy = RetryPolicy(initial_backoff=0.5, max_backoff=4.0, jitter=0.5)
    assert [policy.backoff(n, draw=0.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert [policy.backoff(n, draw=1.0) for n in range(4)] == [0.25, 0.5, 1.0, 2.0]


def test_next_delay_honours_count_budget_and_retry_after() -> None:
    policy = RetryPolicy(max_retries=2, initial_backoff=1.0, max_elapsed=10.0, jitter=0.0)
    assert policy.next_delay(retries_done=0, elapsed=0.0, retry_after=None, draw=0.3) == 1.0
    assert policy.next_delay(retries_done=1, elapsed=0.0, retry_after=7.0, draw=0.3) == 7.0
    assert policy.next_delay(retries_done=2, elapsed=0.0, retry_after=None, draw=0.3) is None
    assert policy.next_delay(retries_done=1, elapsed=9.5, retry_after=None, draw=0.3) is None
    assert policy.next_delay(retries_done=0, elapsed=0.0, retry_after=11.0, draw=0.3) is None


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds({"Retry-After": "3"}) == 3.0
    date = "Wed, 21 Oct 2026 07:28:10 GMT"
    now = email.utils.parsedate_to_datetime(date).timestamp() - 10
    assert retry_after_seconds({"Retry-After": date}, now=now) == 10.0
    assert retry_after_seconds({"Retry-After": "soon"}) is None
    assert retry_after_seconds({}) is None


@pytest.mark.parametrize(
    "options", [{"max_retries": -1}, {"initial_backoff": -0.1}, {"max_elapsed": -1}, {"jitter": 1.5}]
)
def test_a_bad_retry_policy_is_refused(options: dict[str, float]) -> None:
    with pytest.raises(errors.SequenceError, match="RetryPolicy"):
        RetryPolicy(**options)  # type: ignore[arg-type]


# --- pagination -----------------------------------------------------------------------------


def test_pagination_visits_every_item_once_sync_and_async(sandbox: RunningSandbox) -> None:
    with sequence(sandbox) as client:
        whole = client.list_transfers(account_id=PAY, first=100).first_page().data
        assert len(whole) > 5, "the seed must hold more transfers than a page"
        paged = [t.id for t in client.list_transfers(account_id=PAY, first=2)]
        pages = list(client.list_transfers(account_id=PAY, first=2).pages())

    async def collect() -> list[str]:
        async with AsyncSequence(sandbox.keys["full_access"], base_url=sandbox.base_url) as client:
            return [t.id async for t in client.list_transfers(account_id=PAY, first=2)]

    assert paged == [t.id for t in whole] == asyncio.run(collect())
    assert len(pages) == -(-len(whole) // 2) and not pages[-1].page_info.has_next_page
    assert len({p.request_id for p in pages}) == len(pages)


def test_pagination_starts_from_a_given_cursor(sandbox: RunningSandbox) -> None:
    with sequence(sandbox) as client:
        first = client.list_accounts(first=2).first_page()
        rest = [a.id for a in client.list_accounts(first=2, after=first.page_info.end_cursor or "")]
        everything = [a.id for a in client.list_accounts(first=100)]
    assert [a.id for a in first.data] + rest == everything


def test_the_quickstart_example_runs_against_the_sandbox(sandbox: RunningSandbox) -> None:
    env = {**os.environ, "SEQUENCE_API_KEY": sandbox.keys["full_access"], "SEQUENCE_BASE_URL": sandbox.base_url}
    run = subprocess.run(
        [sys.executable, str(REPO / "examples" / "client_quickstart.py"), PAY, SAVE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "transfer txr_" in run.stdout and "transfers; more: False" in run.stdout


def test_the_client_readme_examples_run_against_the_sandbox(sandbox: RunningSandbox) -> None:
    readme = (REPO / "generated" / "sequence-api-client" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) >= 8, "one example per operation group, plus errors, retries and async"
    env = {**os.environ, "SEQUENCE_API_KEY": sandbox.keys["full_access"], "SEQUENCE_BASE_URL": sandbox.base_url}
    run = subprocess.run([sys.executable, "-c", "\n".join(blocks)], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "404 resource_not_found" in run.stdout and "req_my_own_id" in run.stdout
