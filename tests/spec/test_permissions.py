"""The permission module reads the spec and decides requests the way the seeds describe."""

from __future__ import annotations

from typing import Any

import pytest

from sequence_toolkit.permissions import (
    LoadedObject,
    ManualTransferRule,
    NoResource,
    PathParameter,
    PermissionEntry,
    PermissionEntryError,
    PermissionModel,
    QueryParameter,
    TransferRequest,
    authorize,
)

from ..conftest import BUNDLED

# What sequence-api.md says each operation needs: scope and the resource checked.
EXPECTED = {
    "listAccounts": ("LIST_ACCOUNTS", NoResource()),
    "getAccount": ("READ_ACCOUNTS", PathParameter("id")),
    "listRules": ("LIST_RULES", NoResource()),
    "getRule": ("READ_RULES", PathParameter("id")),
    "triggerRule": ("TRIGGER_RULES", PathParameter("id")),
    "listRuleExecutions": ("READ_RULE_EXECUTIONS", QueryParameter("rule_id", ("rule_id",))),
    "getRuleExecution": ("READ_RULE_EXECUTIONS", LoadedObject("RuleExecution", "id", ("rule_id",))),
    "listTransfers": ("READ_TRANSFERS", QueryParameter("account_id", ("source.id", "destination.id"))),
    "getTransfer": ("READ_TRANSFERS", LoadedObject("Transfer", "id", ("source.id", "destination.id"))),
    "createTransfer": (
        "MANUAL_TRANSFER",
        ManualTransferRule("source_account_id", "destination_account_id", "amount_in_cents"),
    ),
    "listCards": ("READ_CARDS", QueryParameter("account_id", ("account_id",))),
    "getCard": ("READ_CARDS", LoadedObject("Card", "id", ("account_id",))),
    "listCardTransactions": ("READ_CARDS", LoadedObject("Card", "id", ("account_id",))),
}


@pytest.fixture(scope="module")
def model() -> PermissionModel:
    return PermissionModel.load(BUNDLED)


def entries(model: PermissionModel, *raw: dict[str, Any]) -> tuple[PermissionEntry, ...]:
    return model.parse_entries(raw)


def test_every_operation_names_its_scope_and_resource(model: PermissionModel) -> None:
    got = {op_id: (p.scope.name, p.check) for op_id, p in model.operations.items()}
    assert got == EXPECTED


def test_scopes_carry_the_seed_table(model: PermissionModel) -> None:
    assert list(model.scopes) == [
        "LIST_ACCOUNTS", "READ_ACCOUNTS", "LIST_RULES", "READ_RULES", "TRIGGER_RULES",
        "READ_RULE_EXECUTIONS", "READ_TRANSFERS", "MANUAL_TRANSFER", "READ_CARDS",
    ]  # fmt: skip
    assert model.scopes["READ_CARDS"].resources == "account IDs or *"
    assert model.scopes["MANUAL_TRANSFER"].resource_kind == "transfer_pair"


def test_list_scope_alone_grants(model: PermissionModel) -> None:
    op = model.for_operation("listAccounts")
    assert authorize(op, entries(model, {"scope": "LIST_ACCOUNTS"})).allowed
    denied = authorize(op, entries(model, {"scope": "READ_ACCOUNTS", "resources": "*"}))
    assert (denied.allowed, denied.code) == (False, "forbidden")


def test_path_resource_must_be_listed(model: PermissionModel) -> None:
    op = model.for_operation("getAccount")
    key = entries(model, {"scope": "READ_ACCOUNTS", "resources": ["acc_1"]})
    assert authorize(op, key, resource_ids=op.resource_ids(path_params={"id": "acc_1"})).allowed
    assert not authorize(op, key, resource_ids=op.resource_ids(path_params={"id": "acc_2"})).allowed
    star = entries(model, {"scope": "READ_ACCOUNTS", "resources": "*"})
    assert authorize(op, star, resource_ids=("acc_anything",)).allowed


def test_query_resource(model: PermissionModel) -> None:
    op = model.for_operation("listRuleExecutions")
    key = entries(model, {"scope": "READ_RULE_EXECUTIONS", "resources": ["rule_1"]})
    assert op.resource_ids(query={"rule_id": "rule_1"}) == ("rule_1",)
    assert authorize(op, key, resource_ids=op.resource_ids(query={"rule_id": "rule_1"})).allowed
    assert not authorize(op, key, resource_ids=op.resource_ids(query={"rule_id": "rule_2"})).allowed


def test_loaded_object_any_field_grants(model: PermissionModel) -> None:
    op = model.for_operation("getTransfer")
    transfer = {"id": "txr_1", "source": {"id": "acc_1"}, "destination": {"id": "acc_2"}}
    assert op.resource_ids(loaded=transfer) == ("acc_1", "acc_2")
    for granted in ("acc_1", "acc_2"):
        key = entries(model, {"scope": "READ_TRANSFERS", "resources": [granted]})
        assert authorize(op, key, resource_ids=op.resource_ids(loaded=transfer)).allowed
    other = entries(model, {"scope": "READ_TRANSFERS", "resources": ["acc_3"]})
    assert not authorize(op, other, resource_ids=op.resource_ids(loaded=transfer)).allowed
    with pytest.raises(ValueError, match="load the Transfer"):
        op.resource_ids()


def test_manual_transfer_pairs_and_max_amount(model: PermissionModel) -> None:
    op = model.for_operation("createTransfer")
    key = entries(
        model,
        {"scope": "MANUAL_TRANSFER", "resources": [{"source": "acc_1", "target": "acc_2", "max_amount": 50000}]},
    )
    assert authorize(op, key, transfer=TransferRequest("acc_1", "acc_2", 50000)).allowed
    over = authorize(op, key, transfer=TransferRequest("acc_1", "acc_2", 50001))
    assert (over.allowed, over.code) == (False, "maximum_amount_exceeded")
    reversed_pair = authorize(op, key, transfer=TransferRequest("acc_2", "acc_1", 100))
    assert (reversed_pair.allowed, reversed_pair.code) == (False, "forbidden")
    unlimited = entries(model, {"scope": "MANUAL_TRANSFER", "resources": [{"source": "acc_1", "target": "acc_2"}]})
    assert authorize(op, unlimited, transfer=TransferRequest("acc_1", "acc_2", 10**9)).allowed


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"scope": "READ_EVERYTHING"}, "unknown scope"),
        ({"scope": "LIST_RULES", "resources": ["rule_1"]}, "takes no resources"),
        ({"scope": "READ_RULES"}, "needs `\\*` or a non-empty list"),
        ({"scope": "MANUAL_TRANSFER", "resources": ["acc_1"]}, "source, target, max_amount"),
        ({"scope": "MANUAL_TRANSFER", "resources": [{"source": "a", "target": "b", "max_amount": -1}]}, "max_amount"),
    ],
)
def test_bad_entries_are_rejected(model: PermissionModel, raw: dict[str, Any], message: str) -> None:
    with pytest.raises(PermissionEntryError, match=message):
        PermissionEntry.parse(raw, model.scopes)


@pytest.mark.parametrize(
    "raw",
    [
        {"scope": "LIST_RULES"},
        {"scope": "READ_RULES", "resources": "*"},
        {"scope": "READ_CARDS", "resources": ["acc_1", "acc_2"]},
        {
            "scope": "MANUAL_TRANSFER",
            "resources": [{"source": "a", "target": "b", "max_amount": 5}, {"source": "b", "target": "a"}],
        },
    ],
)
def test_entries_round_trip_the_keys_file_form(model: PermissionModel, raw: dict[str, Any]) -> None:
    assert PermissionEntry.parse(raw, model.scopes).to_raw() == raw
