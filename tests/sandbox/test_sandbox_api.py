"""The sandbox over real loopback HTTP, driven through the generated client."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sequence_api_client import AuthenticatedClient
from sequence_api_client.api.accounts import get_account, list_accounts
from sequence_api_client.api.cards import get_card, list_card_transactions, list_cards
from sequence_api_client.api.rule_executions import get_rule_execution, list_rule_executions
from sequence_api_client.api.rules import get_rule, list_rules, trigger_rule
from sequence_api_client.api.transfers import create_transfer, get_transfer, list_transfers
from sequence_api_client.models import CreateTransferRequest, ErrorResponse, TriggerRuleRequest
from sequence_api_client.types import UNSET, Unset

from sequence_toolkit.sandbox.pipeline import Settings

from ..conftest import SEED_ACCOUNT, SEED_CARD, seed_facts
from ..sandbox_server import RunningSandbox, run_sandbox

PAY, AMEX, SAVE, OTHER_ORG_ACCOUNT = "acc_01HDEF0123", "acc_01HGHI7890", "acc_01HKLM5678", "acc_02HAAA0001"
RULE, MANUAL_RULE, DISABLED_RULE = "rule_01HJKL2345", "rule_01HJKL2346", "rule_01HJKL2348"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with run_sandbox(tmp_path_factory.mktemp("sandbox")) as running:
        yield running


def client(sandbox: RunningSandbox, key: str = "full_access") -> AuthenticatedClient:
    return AuthenticatedClient(base_url=sandbox.base_url, token=sandbox.keys[key], prefix="ApiKey")


def error_code(response: object) -> str:
    parsed = getattr(response, "parsed", None)
    assert isinstance(parsed, ErrorResponse), f"expected an error body, got {parsed!r}"
    return str(parsed.error.code)


def test_every_read_operation_succeeds(sandbox: RunningSandbox) -> None:
    c = client(sandbox)
    assert list_accounts.sync_detailed(client=c).status_code == 200
    assert get_account.sync_detailed(AMEX, client=c).status_code == 200
    assert list_rules.sync_detailed(client=c).status_code == 200
    assert get_rule.sync_detailed(RULE, client=c).status_code == 200
    assert list_rule_executions.sync_detailed(client=c, rule_id=RULE).status_code == 200
    assert get_rule_execution.sync_detailed("rex_01HMNO6789", client=c).status_code == 200
    assert list_transfers.sync_detailed(client=c, account_id=PAY).status_code == 200
    assert get_transfer.sync_detailed("txr_01HPQR1234", client=c).status_code == 200
    assert list_cards.sync_detailed(client=c, account_id=PAY).status_code == 200
    assert get_card.sync_detailed("card_01HABC4567", client=c).status_code == 200
    assert list_card_transactions.sync_detailed("card_01HABC4567", client=c).status_code == 200


@pytest.mark.parametrize("seed", [SEED_ACCOUNT, SEED_CARD])
def test_seed_curl_examples_return_the_seed_bodies(sandbox: RunningSandbox, seed: str) -> None:
    """Byte for byte: the seed's body in compact JSON (the request id is the one the request sends)."""
    facts = seed_facts(seed)
    expected = facts["bodies"][0]
    path = facts["path"].replace("{id}", expected["data"]["id"])  # the seed page's path, for the seed body's object
    headers = {"Authorization": f"ApiKey {sandbox.keys['full_access']}", "X-Request-ID": expected["request_id"]}
    response = httpx.request(facts["method"], sandbox.base_url + path, headers=headers)
    assert response.content == json.dumps(expected, separators=(",", ":"), ensure_ascii=False).encode()


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer {full}", "ApiKey", "ApiKey not-a-key", "ApiKey {full} extra", "apikey {full}"],
)
def test_bad_credentials_are_401(sandbox: RunningSandbox, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization.format(full=sandbox.keys["full_access"])}
    response = httpx.get(f"{sandbox.base_url}/accounts", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == {"code": "unauthorized", "message": "Missing or invalid API key."}


def test_request_id_is_echoed_or_generated(sandbox: RunningSandbox) -> None:
    c = client(sandbox)
    mine = get_account.sync_detailed(AMEX, client=c, x_request_id="req_mine_1")
    assert mine.headers["X-Request-ID"] == "req_mine_1" and mine.parsed.request_id == "req_mine_1"  # type: ignore[union-attr]
    generated = {list_accounts.sync_detailed(client=c).headers["X-Request-ID"] for _ in range(3)}
    assert len(generated) == 3 and all(r.startswith("req_") for r in generated)


def test_scope_and_resource_checks(sandbox: RunningSandbox) -> None:
    assert error_code(list_accounts.sync_detailed(client=client(sandbox, "no_permissions"))) == "forbidden"
    narrow = client(sandbox, "read_amex_account")
    assert get_account.sync_detailed(AMEX, client=narrow).status_code == 200
    assert error_code(get_account.sync_detailed(PAY, client=narrow)) == "forbidden"
    cards = client(sandbox, "read_paycheck_cards")
    assert get_card.sync_detailed("card_01HABC4567", client=cards).status_code == 200
    assert error_code(get_card.sync_detailed("card_01HABC4568", client=cards)) == "forbidden"
    transfers = client(sandbox, "read_paycheck_transfers")
    assert get_transfer.sync_detailed("txr_01HPQR1234", client=transfers).status_code == 200  # source is PAY
    assert error_code(get_transfer.sync_detailed("txr_01HPQR1238", client=transfers)) == "forbidden"


def test_other_organizations_resources_are_404_not_403(sandbox: RunningSandbox) -> None:
    c = client(sandbox)
    assert error_code(get_account.sync_detailed(OTHER_ORG_ACCOUNT, client=c)) == "resource_not_found"
    assert error_code(get_card.sync_detailed("card_02HEEE0001", client=c)) == "resource_not_found"
    assert error_code(get_transfer.sync_detailed("txr_02HCCC0001", client=c)) == "resource_not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/accounts?first=0",
        "/accounts?first=101",
        "/accounts?first=ten",
        "/accounts?type=savings",
        "/accounts?after=bm90LWEtY3Vyc29y",
        "/transfers",
        "/rule-executions?rule_id=rule_01HJKL2345&from=yesterday",
    ],
)
def test_bad_parameters_are_400_naming_them(sandbox: RunningSandbox, path: str) -> None:
    response = httpx.get(sandbox.base_url + path, headers={"Authorization": f"ApiKey {sandbox.keys['full_access']}"})
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid_parameters"
    name = path.split("?")[1].split("=")[0] if "?" in path else "account_id"
    if "from=" in path:
        name = "from"
    assert repr(name) in body["message"]


def test_pagination_visits_every_item_once(sandbox: RunningSandbox) -> None:
    c = client(sandbox)
    everything = list_transfers.sync_detailed(client=c, account_id=PAY, first=100).parsed
    seen: list[str] = []
    after: str | Unset = UNSET
    while True:
        page = list_transfers.sync_detailed(client=c, account_id=PAY, first=2, after=after)
        assert page.status_code == 200 and page.parsed is not None
        seen += [t.id for t in page.parsed.data]  # type: ignore[union-attr]
        if not page.parsed.page_info.has_next_page:  # type: ignore[union-attr]
            break
        after = page.parsed.page_info.end_cursor or UNSET  # type: ignore[union-attr]
    assert seen == [t.id for t in everything.data]  # type: ignore[union-attr]
    assert len(seen) == len(set(seen))


def balance(sandbox: RunningSandbox, account_id: str) -> int:
    parsed = get_account.sync_detailed(account_id, client=client(sandbox)).parsed
    return int(parsed.data.balance.balance_in_cents)  # type: ignore[union-attr]


def wait_for_status(sandbox: RunningSandbox, transfer_id: str) -> str:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        status = get_transfer.sync_detailed(transfer_id, client=client(sandbox)).parsed.data.status  # type: ignore[union-attr]
        if status != "processing":
            return str(status)
        time.sleep(0.02)
    raise AssertionError(f"{transfer_id} still processing")


def test_manual_transfer_settles_and_moves_money(sandbox: RunningSandbox) -> None:
    before = balance(sandbox, PAY), balance(sandbox, SAVE)
    key = client(sandbox, "transfer_paycheck_to_savings_max_500")
    body = CreateTransferRequest(source_account_id=PAY, destination_account_id=SAVE, amount_in_cents=12345)
    created = create_transfer.sync_detailed(client=key, body=body)
    assert created.status_code == 202 and created.parsed.data.status == "processing"  # type: ignore[union-attr]
    assert wait_for_status(sandbox, created.parsed.data.id) == "complete"  # type: ignore[union-attr]
    assert (balance(sandbox, PAY), balance(sandbox, SAVE)) == (before[0] - 12345, before[1] + 12345)


def test_manual_transfer_permissions(sandbox: RunningSandbox) -> None:
    key = client(sandbox, "transfer_paycheck_to_savings_max_500")
    count = len(list_transfers.sync_detailed(client=client(sandbox), account_id=PAY, first=100).parsed.data)  # type: ignore[union-attr]
    over = CreateTransferRequest(source_account_id=PAY, destination_account_id=SAVE, amount_in_cents=50001)
    assert error_code(create_transfer.sync_detailed(client=key, body=over)) == "maximum_amount_exceeded"
    wrong_pair = CreateTransferRequest(source_account_id=SAVE, destination_account_id=PAY, amount_in_cents=100)
    assert error_code(create_transfer.sync_detailed(client=key, body=wrong_pair)) == "forbidden"
    after = len(list_transfers.sync_detailed(client=client(sandbox), account_id=PAY, first=100).parsed.data)  # type: ignore[union-attr]
    assert after == count, "a refused transfer must not appear"


def test_malformed_and_unknown_body_fields_are_400(sandbox: RunningSandbox) -> None:
    headers = {"Authorization": f"ApiKey {sandbox.keys['full_access']}", "Content-Type": "application/json"}
    for body in ['{"source_account_id": "a"', '{"source_account_id": "a", "destination_account_id": "b",'
                 ' "amount_in_cents": 500, "memo": "x"}', '{"source_account_id": "a", "destination_account_id": "b",'
                 ' "amount_in_cents": 99}', "x" * 70_000]:  # fmt: skip
        response = httpx.post(f"{sandbox.base_url}/transfers", content=body, headers=headers)
        assert response.status_code == 400, body[:60]
        assert response.json()["error"]["code"] == "invalid_parameters"


def test_idempotent_replay_and_mismatch(sandbox: RunningSandbox) -> None:
    c = client(sandbox)
    key = str(uuid.uuid4())
    body = CreateTransferRequest(source_account_id=PAY, destination_account_id=SAVE, amount_in_cents=700)
    first = create_transfer.sync_detailed(client=c, body=body, idempotency_key=key)
    again = create_transfer.sync_detailed(client=c, body=body, idempotency_key=key)
    assert first.status_code == again.status_code == 202
    assert first.parsed.data.id == again.parsed.data.id  # type: ignore[union-attr]
    other = CreateTransferRequest(source_account_id=PAY, destination_account_id=SAVE, amount_in_cents=701)
    assert error_code(create_transfer.sync_detailed(client=c, body=other, idempotency_key=key)) == (
        "idempotency_key_mismatch"
    )


def test_trigger_rule_runs_an_execution(sandbox: RunningSandbox) -> None:
    c = client(sandbox)
    started = trigger_rule.sync_detailed(MANUAL_RULE, client=c, body=TriggerRuleRequest(manual_execute_amount=5000))
    assert started.status_code == 202
    execution_id = started.parsed.data.execution_id  # type: ignore[union-attr]
    deadline = time.monotonic() + 5
    while True:
        execution = get_rule_execution.sync_detailed(execution_id, client=c).parsed.data  # type: ignore[union-attr]
        if execution.status != "in_progress" or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert execution.status == "executed" and execution.rule_id == MANUAL_RULE
    assert execution.step_index_matched == 0 and len(execution.transfer_ids) == 1
    assert error_code(trigger_rule.sync_detailed(DISABLED_RULE, client=c)) == "rule_deactivated"
    narrow = client(sandbox, "trigger_one_rule")
    assert error_code(trigger_rule.sync_detailed(MANUAL_RULE, client=narrow)) == "forbidden"


def test_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    with run_sandbox(tmp_path, Settings(rate_limit_per_minute=3, settle_delay_seconds=0)) as limited:
        c = client(limited)
        statuses = [list_accounts.sync_detailed(client=c).status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
        response = list_accounts.sync_detailed(client=c)
        assert error_code(response) == "rate_limit_exceeded"
        assert int(response.headers["Retry-After"]) >= 1
        other_key = client(limited, "list_accounts")
        assert list_accounts.sync_detailed(client=other_key).status_code == 200, "limits are per key"
