"""The spec validates, covers the api/v1, and its bundle keeps named components."""

from __future__ import annotations

from typing import Any

import pytest
from sequence_toolchain.bundle import bundle, dump
from sequence_toolchain.specfiles import SpecTree
from sequence_toolchain.validate import check

from sequence_toolkit.spec import load_document, parse_document

from ..conftest import SEED_ACCOUNT, SEED_CARD, SPEC_DIR, iter_refs, seed_facts

OPERATION_IDS = {
    "listAccounts", "getAccount", "listRules", "getRule", "triggerRule", "listRuleExecutions",
    "getRuleExecution", "listTransfers", "getTransfer", "createTransfer", "listCards", "getCard",
    "listCardTransactions",
}  # fmt: skip


def operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {op["operationId"]: op for item in document["paths"].values() for op in item.values()}


def test_split_spec_passes_the_lint_and_openapi_spec_validator() -> None:
    result, problems = check(SPEC_DIR / "sequence.yaml")
    assert result is not None
    assert [str(p) for p in problems] == []


def test_root_paths_are_only_refs_to_one_file_each() -> None:
    root = load_document(SPEC_DIR / "sequence.yaml")
    assert root["openapi"] == "3.1.0"
    assert root["servers"][0]["url"] == "https://api.getsequence.io/api/v1"
    targets = [item["$ref"] for item in root["paths"].values()]
    assert all(set(item) == {"$ref"} for item in root["paths"].values())
    assert len(set(targets)) == len(targets)


def test_all_thirteen_operations_with_their_ids(bundled: dict[str, Any]) -> None:
    assert set(operations(bundled)) == OPERATION_IDS


def test_committed_bundle_equals_a_fresh_bundle(bundled: dict[str, Any]) -> None:
    fresh = bundle(SpecTree.load(SPEC_DIR / "sequence.yaml")).document
    assert parse_document(dump(fresh)) == bundled


def test_bundle_keeps_components_named(bundled: dict[str, Any]) -> None:
    refs = set(iter_refs(bundled))
    assert refs, "the bundle has no refs: it was inlined"
    assert all(ref.startswith("#/components/") for ref in refs), sorted(r for r in refs if "#/components/" not in r)
    components = bundled["components"]
    for ref in refs:
        kind, name = ref.split("/")[2:4]
        assert name in components[kind], ref
    for name in ("Account", "Card", "Rule", "Transfer", "RuleExecution", "ErrorResponse", "PageInfo"):
        assert name in components["schemas"]


def test_every_operation_documents_standard_errors(bundled: dict[str, Any]) -> None:
    for op_id, op in operations(bundled).items():
        statuses = set(op["responses"])
        assert {"400", "401", "403", "429"} <= statuses, op_id
        takes_id = any("Path" in p.get("$ref", "") for p in op["parameters"])
        assert ("404" in statuses) == takes_id, op_id
        takes_key = {"$ref": "#/components/parameters/IdempotencyKey"} in op["parameters"]
        assert ("409" in statuses) == takes_key, op_id
        assert takes_key == (op_id in ("triggerRule", "createTransfer")), op_id


def test_required_filters_are_required(bundled: dict[str, Any]) -> None:
    params = bundled["components"]["parameters"]
    assert params["AccountIdFilter"]["required"] is True
    assert params["RuleIdFilter"]["required"] is True
    ops = operations(bundled)
    for op_id, filter_ref in [
        ("listRuleExecutions", "RuleIdFilter"),
        ("listTransfers", "AccountIdFilter"),
        ("listCards", "AccountIdFilter"),
    ]:
        assert {"$ref": f"#/components/parameters/{filter_ref}"} in ops[op_id]["parameters"]


def test_pagination_parameters(bundled: dict[str, Any]) -> None:
    first = bundled["components"]["parameters"]["First"]["schema"]
    assert (first["default"], first["minimum"], first["maximum"]) == (20, 1, 100)
    page_info = bundled["components"]["schemas"]["PageInfo"]
    assert set(page_info["required"]) == {"end_cursor", "has_next_page"}


def test_cards_are_coming_soon_and_others_live(bundled: dict[str, Any]) -> None:
    for op_id, op in operations(bundled).items():
        expected = "coming_soon" if "Card" in op_id else "live"
        assert op["x-sequence-availability"] == expected, op_id
        assert op["description"].startswith("Coming Soon") == (expected == "coming_soon")


@pytest.mark.parametrize("seed", [SEED_ACCOUNT, SEED_CARD])
def test_seed_descriptions_are_verbatim(seed: str, bundled: dict[str, Any]) -> None:
    facts = seed_facts(seed)
    op = bundled["paths"][facts["path"]][facts["method"].lower()]
    if facts["availability_note"] is None:
        assert op["description"] == facts["description"]
    else:
        assert op["description"].startswith(facts["availability_note"])
        assert op["description"].endswith(facts["description"])
    components = bundled["components"]["parameters"]
    parameters = [components[p["$ref"].removeprefix("#/components/parameters/")] for p in op["parameters"]]
    described = {(p["in"], p["name"]): p["description"] for p in parameters}
    for name, text in facts["path_parameters"].items():
        assert described[("path", name)] == text
    for name, text in facts["header_parameters"].items():
        assert described[("header", name)] == text


def test_masked_fields_are_documented_as_masked(bundled: dict[str, Any]) -> None:
    extra = bundled["components"]["schemas"]["Account"]["allOf"][1]["properties"]
    for name in ("routing_number", "bank_account_number"):
        assert extra[name]["x-sequence-masked"] is True
        assert extra[name]["description"].startswith("Masked")


def test_links_connect_operations(bundled: dict[str, Any]) -> None:
    links = {
        (op_id, link["operationId"])
        for op_id, op in operations(bundled).items()
        for response in op["responses"].values()
        for ref in response.get("links", {}).values()
        for link in [bundled["components"]["links"][ref["$ref"].rsplit("/", 1)[1]]]
    }
    for pair in [
        ("listAccounts", "getAccount"),
        ("createTransfer", "getTransfer"),
        ("triggerRule", "getRuleExecution"),
        ("getCard", "getAccount"),
        ("listTransfers", "getTransfer"),
        ("listRuleExecutions", "getRuleExecution"),
    ]:
        assert pair in links
    assert all(target in OPERATION_IDS for _, target in links)


def test_client_package_is_named_and_versioned_from_the_spec(bundled: dict[str, Any]) -> None:
    import tomllib

    from ..conftest import REPO

    project = tomllib.loads((REPO / "generated" / "sequence-api-client" / "pyproject.toml").read_text())["project"]
    assert project["name"] == "sequence-api-client"
    assert project["version"] == bundled["info"]["version"]
    assert (REPO / "generated" / "sequence-api-client" / "sequence_api_client" / "py.typed").is_file()
