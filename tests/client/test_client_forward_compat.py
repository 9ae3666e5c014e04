"""What a newer server may send, over real loopback HTTP: a new enum value, a new kind of trigger or action,
a new error code, an HTML or empty body, a status HTTPStatus does not know. The client keeps what it can
read and raises its own exceptions (with status, request id and the raw body) for what it cannot."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from sequence_api_client import (
    APIResponseValidationError,
    AsyncSequence,
    PaginationError,
    Sequence,
    SequenceError,
    UnknownValue,
    UnknownVariant,
    errors,
)
from sequence_api_client.models import (
    AllCondition,
    FixedAction,
    OnFundsTransferredTrigger,
    PercentageAction,
    SingleCondition,
)

from ..conftest import BUNDLED, SEED_ACCOUNT, seed_bodies
from .scripted_server import Reply, ScriptedServer, scripted_server

KEY = "sk_test_forward_compat_0123456789"
ACCOUNT = seed_bodies(SEED_ACCOUNT)[0]  # the seed's GET /accounts/{id} body
EXAMPLES = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["components"]["examples"]
HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>"
ID = {"X-Request-ID": "req_edge_0001"}


def example(name: str) -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(EXAMPLES[name]["value"])
    return body


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Sequence]:
    with Sequence(KEY, base_url=server.base_url, retry=None) as sequence:
        yield sequence


def account_with(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = copy.deepcopy(ACCOUNT)
    body["data"].update(changes)
    return body


# --- enums -------------------------------------------------------------------------------------


def test_a_new_enum_value_comes_through_as_its_string(server: ScriptedServer, client: Sequence) -> None:
    server.script(Reply(200, account_with(type="brokerage")))
    account = client.get_account("acc_01HGHI7890").data
    assert account.type_ == "brokerage" and isinstance(account.type_, UnknownValue)
    assert account.to_dict()["type"] == "brokerage"
    assert account.id == ACCOUNT["data"]["id"]


def test_a_known_enum_value_stays_a_plain_literal(server: ScriptedServer, client: Sequence) -> None:
    server.script(Reply(200, ACCOUNT))
    account = client.get_account("acc_01HGHI7890").data
    assert account.type_ == "external_account" and not isinstance(account.type_, UnknownValue)
    assert account.to_dict() == ACCOUNT["data"], "the seed body round-trips unchanged"


def test_a_new_value_of_a_nullable_enum_is_marked_unknown(server: ScriptedServer, client: Sequence) -> None:
    server.script(Reply(200, account_with(external_account_type="SHARED")))
    account = client.get_account("acc_01HGHI7890").data
    assert isinstance(account.external_account_type, UnknownValue)
    assert account.external_account_type == "SHARED"


def test_one_unknown_value_in_a_list_loses_nothing(server: ScriptedServer, client: Sequence) -> None:
    page = example("AccountList")
    page["data"][0]["type"] = "brokerage"
    page["page_info"] = {"has_next_page": False, "end_cursor": None}
    server.script(Reply(200, page))
    items = list(client.list_accounts())
    assert [item.id for item in items] == [item["id"] for item in page["data"]]
    assert items[0].type_ == "brokerage"


def test_an_enum_value_of_the_wrong_json_type_is_a_sequence_error(server: ScriptedServer, client: Sequence) -> None:
    server.script(Reply(200, account_with(type=7), headers=ID))
    with pytest.raises(APIResponseValidationError) as caught:
        client.get_account("acc_01HGHI7890")
    assert caught.value.status == 200 and caught.value.request_id == "req_edge_0001"
    assert "AccountType" in str(caught.value)


# --- tagged unions -----------------------------------------------------------------------------


def test_a_new_trigger_and_action_type_come_through_raw(server: ScriptedServer, client: Sequence) -> None:
    body = example("Rule")
    new_trigger = {"type": "on_balance_below", "account_id": "acc_01HDEF0123", "threshold_in_cents": 100}
    new_action = {"type": "sweep", "source": {"id": "acc_1"}, "destination": {"id": "acc_2"}}
    body["data"]["trigger"] = new_trigger
    body["data"]["steps"][0]["actions"].append(new_action)
    server.script(Reply(200, body))
    rule = client.get_rule("rule_01HJKL2345").data
    assert isinstance(rule.trigger, UnknownVariant)
    assert rule.trigger.type == "on_balance_below" and rule.trigger.data == new_trigger
    actions = rule.steps[0].actions
    assert isinstance(actions[-1], UnknownVariant) and actions[-1].type == "sweep"
    assert isinstance(actions[1], PercentageAction), "the known variants keep their classes"
    assert isinstance(rule.steps[1].actions[0], FixedAction)
    assert rule.to_dict() == body["data"], "an unknown variant round-trips unchanged"


def test_a_known_variant_is_picked_by_its_tag(server: ScriptedServer, client: Sequence) -> None:
    body = example("Rule")
    server.script(Reply(200, body))
    rule = client.get_rule("rule_01HJKL2345").data
    assert isinstance(rule.trigger, OnFundsTransferredTrigger)
    assert rule.to_dict() == body["data"]


def test_a_broken_known_variant_names_that_variant(server: ScriptedServer, client: Sequence) -> None:
    body = example("Rule")
    del body["data"]["trigger"]["account_id"]  # an on_funds_transferred trigger without its account
    server.script(Reply(200, body))
    with pytest.raises(APIResponseValidationError, match="account_id"):
        client.get_rule("rule_01HJKL2345")


def test_a_new_kind_of_condition_comes_through_raw(server: ScriptedServer, client: Sequence) -> None:
    body = example("Rule")
    conditions = body["data"]["steps"][0]["conditions"]
    conditions["all"].append({"not": {"condition": {"fact": "date", "operator": "equal", "value": 1}}})
    server.script(Reply(200, body))
    step = client.get_rule("rule_01HJKL2345").data.steps[0]
    assert isinstance(step.conditions, AllCondition)
    unknown = step.conditions.all_[-1]
    assert isinstance(unknown, UnknownVariant) and unknown.type is None and "not" in unknown
    assert isinstance(step.conditions.all_[0], SingleCondition)
    assert step.to_dict() == body["data"]["steps"][0]

    top = {"none": [{"condition": {"fact": "balance", "operator": "less_than", "value": 5}}]}
    body["data"]["steps"][0]["conditions"] = top
    server.script(Reply(200, body))
    rule = client.get_rule("rule_01HJKL2345").data
    assert isinstance(rule.steps[0].conditions, UnknownVariant) and rule.steps[0].conditions.data == top
    assert json.loads(rule.to_json()) == body["data"], "written back as it came"


def test_a_new_trigger_details_type_in_an_execution(server: ScriptedServer, client: Sequence) -> None:
    body = example("RuleExecution")
    body["data"]["trigger_type"] = "on_balance_below"
    body["data"]["trigger_details"] = {"type": "on_balance_below", "balance_in_cents": 90}
    server.script(Reply(200, body))
    execution = client.get_rule_execution("rex_01HMNO6789").data
    assert execution.trigger_type == "on_balance_below" and isinstance(execution.trigger_type, UnknownValue)
    assert isinstance(execution.trigger_details, UnknownVariant)
    assert execution.trigger_details["balance_in_cents"] == 90


# --- error responses: one mapping ----------------------------------------------------------------


def test_a_new_error_code_raises_its_status_class(server: ScriptedServer, client: Sequence) -> None:
    frozen = {"error": {"code": "account_frozen", "message": "The account is frozen."}}
    server.script(Reply(403, frozen, headers=ID))
    with pytest.raises(errors.PermissionDeniedError) as caught:
        client.get_account("acc_01HGHI7890")
    error = caught.value
    assert type(error) is errors.PermissionDeniedError
    assert (error.status, error.code, error.message, error.request_id) == (
        403,
        "account_frozen",
        "The account is frozen.",
        "req_edge_0001",
    )
    detailed = client.get_account_detailed("acc_01HGHI7890")
    assert detailed.status_code == 403 and detailed.parsed is not None


def test_a_known_code_still_raises_its_own_class(server: ScriptedServer, client: Sequence) -> None:
    server.script(Reply(403, seed_bodies(SEED_ACCOUNT)[2]))
    with pytest.raises(errors.ForbiddenError):
        client.get_account("acc_01HGHI7890")


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (404, HTML, errors.NotFoundError),
        (404, b"", errors.NotFoundError),
        (429, HTML, errors.RateLimitError),
        (429, b"", errors.RateLimitError),
        (502, HTML, errors.InternalServerError),
        (502, b"", errors.InternalServerError),
        (520, HTML, errors.InternalServerError),
        (418, b"", errors.APIStatusError),
    ],
)
def test_an_error_status_with_any_body_raises_its_status_class(
    server: ScriptedServer, client: Sequence, status: int, body: bytes | str, expected: type[Exception]
) -> None:
    server.script(Reply(status, body, headers=ID))
    with pytest.raises(expected) as caught:
        client.get_account("acc_01HGHI7890")
    error = caught.value
    assert isinstance(error, errors.APIStatusError) and type(error) is expected
    assert error.status == status and error.request_id == "req_edge_0001" and error.code is None
    assert error.content == (body.encode() if isinstance(body, str) else body)
    detailed = client.get_account_detailed("acc_01HGHI7890")  # never raises on a body
    assert int(detailed.status_code) == status and detailed.content == error.content


@pytest.mark.parametrize("body", [HTML, b"", b'{"data": '])
def test_an_unreadable_success_body_raises_a_sequence_error(
    server: ScriptedServer, client: Sequence, body: bytes | str
) -> None:
    server.script(Reply(200, body, headers=ID))
    with pytest.raises(APIResponseValidationError) as caught:
        client.get_account("acc_01HGHI7890")
    error = caught.value
    assert isinstance(error, SequenceError)
    assert error.status == 200 and error.request_id == "req_edge_0001"
    assert error.content == (body.encode() if isinstance(body, str) else body)
    detailed = client.get_account_detailed("acc_01HGHI7890")
    assert detailed.status_code == 200 and detailed.parsed is None and detailed.parse_error is not None


def test_a_request_id_in_the_body_is_used_without_the_header(server: ScriptedServer, client: Sequence) -> None:
    body = account_with(type=None)
    server.script(Reply(200, body))
    with pytest.raises(APIResponseValidationError) as caught:
        client.get_account("acc_01HGHI7890")
    assert caught.value.request_id == ACCOUNT["request_id"]


def test_status_520_in_detailed_is_a_plain_int(server: ScriptedServer, client: Sequence) -> None:
    server.script(Reply(520, b""))
    response = client.get_account_detailed("acc_01HGHI7890")
    assert response.status_code == 520 and response.parsed is None


def test_the_async_client_maps_the_same(server: ScriptedServer) -> None:
    async def run() -> None:
        async with AsyncSequence(KEY, base_url=server.base_url, retry=None) as client:
            server.script(Reply(502, HTML, headers=ID))
            with pytest.raises(errors.InternalServerError):
                await client.get_account("acc_01HGHI7890")
            server.script(Reply(200, account_with(type="brokerage")))
            account = (await client.get_account("acc_01HGHI7890")).data
            assert isinstance(account.type_, UnknownValue)

    asyncio.run(run())


def test_a_server_that_repeats_a_cursor_raises_instead_of_paging_forever(
    server: ScriptedServer, client: Sequence
) -> None:
    def page(cursor: str) -> Reply:
        return Reply(
            200, {"request_id": "req_loop", "data": [], "page_info": {"end_cursor": cursor, "has_next_page": True}}, ID
        )

    server.script(page("Y3Vyc29yOjE"), page("Y3Vyc29yOjI"), page("Y3Vyc29yOjE"))
    with pytest.raises(PaginationError, match="earlier page"):
        list(client.list_accounts())
    assert [r.path.split("?")[0] for r in server.received] == ["/accounts"] * 3  # and no fourth request
    assert "after=Y3Vyc29yOjI" in server.received[2].path

    async def run() -> None:
        async with AsyncSequence(KEY, base_url=server.base_url, retry=None) as async_client:
            async for _ in async_client.list_accounts():
                pass

    server.script(page("Y3Vyc29yOjE"))  # the same cursor on every page
    with pytest.raises(PaginationError):
        asyncio.run(run())
    assert len(server.received) == 2
