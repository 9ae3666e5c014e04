"""make diff: one fixture pair per rule, judged in both directions, and the version gate."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sequence_toolchain import diff as d

from sequence_toolkit.spec import load_document

BASE = load_document(Path(__file__).parents[1] / "fixtures" / "diff" / "base.yaml")
Spec = dict[str, Any]


def schema(spec: Spec, name: str) -> Spec:
    found: Spec = spec["components"]["schemas"][name]
    return found


def op(spec: Spec, path: str, method: str) -> Spec:
    found: Spec = spec["paths"][path][method]
    return found


def rename_path_parameter(spec: Spec) -> None:
    item = spec["paths"].pop("/things/{id}")
    item["get"]["parameters"][0]["name"] = "thing_id"
    item["get"]["x-sequence-permission"]["parameter"] = "thing_id"
    spec["paths"]["/things/{thing_id}"] = item


def add_variant(spec: Spec) -> None:
    spec["components"]["schemas"]["Triangle"] = {"type": "object", "properties": {"base": {"type": "number"}}}
    schema(spec, "NewThing")["properties"]["shape"]["oneOf"].append({"$ref": "#/components/schemas/Triangle"})


def add_response_variant(spec: Spec) -> None:
    spec["components"]["schemas"]["Triangle"] = {"type": "object", "properties": {"base": {"type": "number"}}}
    schema(spec, "Thing")["properties"]["shape"]["oneOf"].append({"$ref": "#/components/schemas/Triangle"})


#: name -> (edit turning BASE into the new side, rules found old->new, rules found new->old)
CASES: dict[str, tuple[Callable[[Spec], object], set[str], set[str]]] = {
    "operation removed": (
        lambda s: s["paths"].pop("/things/{id}"),
        {"operation-removed"},
        {"operation-added"},
    ),
    "operationId renamed": (
        lambda s: op(s, "/things/{id}", "get").update(operationId="fetchThing"),
        {"operation-id-changed"},
        {"operation-id-changed"},
    ),
    "server URL changed": (
        lambda s: s["servers"][0].update(url="https://api.example.test/v2"),
        {"server-url-changed"},
        {"server-url-changed"},
    ),
    "scope changed": (
        lambda s: op(s, "/things/{id}", "get").update(security=[{"ApiKeyAuth": ["READ_ALL"]}]),
        {"security-scope-changed"},
        {"security-scope-changed"},
    ),
    "resource rule changed": (
        lambda s: op(s, "/things/{id}", "get").update({"x-sequence-permission": {"resource": "none"}}),
        {"permission-rule-changed"},
        {"permission-rule-changed"},
    ),
    "listed items' filter fields documented": (
        lambda s: op(s, "/things/{id}", "get")["x-sequence-permission"].update(fields=["owner_id"]),
        {"permission-fields-changed"},
        {"permission-fields-changed"},
    ),
    "path parameter renamed": (
        rename_path_parameter,
        {"path-parameter-renamed", "permission-rule-changed"},
        {"path-parameter-renamed", "permission-rule-changed"},
    ),
    "required parameter added": (
        lambda s: op(s, "/things", "get")["parameters"].append(
            {"name": "owner", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        {"parameter-added-required"},
        {"parameter-removed"},
    ),
    "optional parameter added": (
        lambda s: op(s, "/things", "get")["parameters"].append(
            {"name": "q", "in": "query", "schema": {"type": "string"}}
        ),
        {"parameter-added-optional"},
        {"parameter-removed"},
    ),
    "parameter became required": (
        lambda s: op(s, "/things", "get")["parameters"][1].update(required=True),
        {"parameter-became-required"},
        {"parameter-became-optional"},
    ),
    "parameter default changed": (
        lambda s: s["components"]["parameters"]["First"]["schema"].update(default=50),
        {"parameter-default-changed"},
        {"parameter-default-changed"},
    ),
    "parameter maximum lowered": (
        lambda s: s["components"]["parameters"]["First"]["schema"].update(maximum=50),
        {"request-constraint-tightened"},
        {"request-constraint-relaxed"},
    ),
    "request body became optional": (
        lambda s: op(s, "/things", "post")["requestBody"].update(required=False),
        {"request-body-became-optional"},
        {"request-body-became-required"},
    ),
    "required request field added": (
        lambda s: schema(s, "NewThing").update(
            properties={**schema(s, "NewThing")["properties"], "currency": {"type": "string"}},
            required=[*schema(s, "NewThing")["required"], "currency"],
        ),
        {"request-field-added-required"},
        {"request-field-removed"},
    ),
    "optional request field added": (
        lambda s: schema(s, "NewThing")["properties"].update(tag={"type": "string"}),
        {"request-field-added-optional"},
        {"request-field-removed"},
    ),
    "request field became optional": (
        lambda s: schema(s, "NewThing")["required"].remove("amount"),
        {"request-field-became-optional"},
        {"request-field-became-required"},
    ),
    "request field accepts null": (
        lambda s: schema(s, "NewThing")["properties"]["name"].update(type=["string", "null"]),
        {"request-type-widened"},
        {"request-type-narrowed"},
    ),
    "request enum value added": (
        lambda s: schema(s, "NewThing")["properties"]["color"]["enum"].append("green"),
        {"request-enum-value-added"},
        {"request-enum-value-removed"},
    ),
    "request maxLength raised": (
        lambda s: schema(s, "NewThing")["properties"]["name"].update(maxLength=100),
        {"request-constraint-relaxed"},
        {"request-constraint-tightened"},
    ),
    "request oneOf variant added": (add_variant, {"request-type-widened"}, {"request-type-narrowed"}),
    "response status added": (
        lambda s: op(s, "/things/{id}", "get")["responses"].update({"404": {"description": "no"}}),
        {"response-status-added"},
        {"response-status-removed"},
    ),
    "response field added": (
        lambda s: schema(s, "Thing")["properties"].update(weight={"type": "integer"}),
        {"response-field-added"},
        {"response-field-removed"},
    ),
    "response field became optional": (
        lambda s: schema(s, "Thing")["required"].remove("status"),
        {"response-field-became-optional"},
        {"response-field-became-required"},
    ),
    "response field may be null": (
        lambda s: schema(s, "Thing")["properties"]["name"].update(type=["string", "null"]),
        {"response-type-widened"},
        {"response-type-narrowed"},
    ),
    "response format dropped": (
        lambda s: schema(s, "Thing")["properties"]["created_at"].pop("format"),
        {"response-type-widened"},
        {"response-type-narrowed"},
    ),
    "response oneOf variant added": (add_response_variant, {"response-variant-added"}, {"response-type-narrowed"}),
    "response type changed from integer to string": (
        lambda s: schema(s, "Thing")["properties"]["size"].update(type="string"),
        {"response-type-widened"},
        {"response-type-widened"},
    ),
    "response anyOf of plain types gained one": (
        lambda s: schema(s, "Thing")["properties"]["label"]["anyOf"].append({"type": "boolean"}),
        {"response-type-widened"},
        {"response-type-narrowed"},
    ),
    "response nullable model became a union": (
        lambda s: schema(s, "Thing")["properties"]["outline"]["anyOf"].insert(
            1, {"$ref": "#/components/schemas/Square"}
        ),
        {"response-type-widened"},
        {"response-type-narrowed"},
    ),
    "response enum value added": (
        lambda s: schema(s, "Thing")["properties"]["status"]["enum"].append("archived"),
        {"response-enum-value-added"},
        {"response-enum-value-removed"},
    ),
    "response header removed": (
        lambda s: op(s, "/things", "get")["responses"]["200"].pop("headers"),
        {"response-header-removed"},
        {"response-header-added"},
    ),
}


def pair(name: str) -> tuple[Spec, Spec]:
    new = copy.deepcopy(BASE)
    CASES[name][0](new)
    return copy.deepcopy(BASE), new


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_rule_in_both_directions(name: str) -> None:
    old, new = pair(name)
    _, forward, backward = CASES[name]
    assert {c.rule for c in d.diff(old, new)} == forward
    assert {c.rule for c in d.diff(new, old)} == backward


def test_the_fixture_pairs_cover_every_rule() -> None:
    covered = set().union(*(forward | backward for _, forward, backward in CASES.values()))
    assert covered == set(d.CHANGE_RULES), f"rules without a fixture pair: {sorted(set(d.CHANGE_RULES) - covered)}"


def test_a_shared_schema_change_is_reported_once_at_the_schema() -> None:
    changes = d.diff(*pair("response field added"))
    assert [(c.side, c.where) for c in changes] == [("response", "schemas.Thing.weight")]


def test_identical_specs_have_no_changes(bundled: dict[str, Any]) -> None:
    assert d.diff(BASE, copy.deepcopy(BASE)) == []
    assert d.diff(bundled, copy.deepcopy(bundled)) == []


@pytest.mark.parametrize(
    ("old", "new", "breaking", "ok"),
    [
        ("1.0.0", "2.0.0", True, True),
        ("1.0.0", "1.1.0", True, False),
        ("1.0.0", "1.1.0", False, True),
        ("1.0.0", "1.0.1", False, False),
        ("1.2.3", "2.0.0", False, True),
        ("1.0.0", "0.9.0", False, False),
    ],
)
def test_the_version_gate(old: str, new: str, breaking: bool, ok: bool) -> None:
    changes = d.diff(*pair("operation removed" if breaking else "response field added"))
    assert (d.version_problem(old, new, changes) is None) == ok


def test_no_change_needs_no_bump_and_a_bad_version_is_an_error() -> None:
    assert d.version_problem("1.0.0", "1.0.0", []) is None
    with pytest.raises(d.DiffError, match=r"MAJOR\.MINOR\.PATCH"):
        d.version_problem("1.0", "1.0.0", [])


def test_cli_lists_changes_by_side_and_fails_without_the_bump(tmp_path: Path) -> None:
    old, new = pair("required request field added")
    new["paths"].pop("/things/{id}")
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    command = [sys.executable, "-m", "sequence_toolchain", "diff", "--old", "old.yaml", "--new", "new.yaml"]
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines.index("operations: 1") < lines.index("requests: 1") < lines.index("responses: no changes")
    assert any("BREAKING" in line and "operation-removed" in line for line in lines)
    assert "need a major version: 1.0.0 -> 2.0.0" in run.stdout

    new["info"]["version"] = "2.0.0"
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    assert subprocess.run(command, cwd=tmp_path, capture_output=True).returncode == 0


def test_make_diff_reads_the_bundle_committed_at_a_ref(bundled: dict[str, Any]) -> None:
    head = d.spec_at("HEAD")
    assert head is not None and head["info"]["version"] == bundled["info"]["version"]
    assert d.spec_at("4b825dc642cb6eb9a060e54bf8d69288fbee4904") is None  # git's empty tree: no spec there
    with pytest.raises(d.DiffError, match="not a commit"):
        d.spec_at("no-such-ref")
    # the working tree's spec against the committed bundle: only what is not committed yet
    assert d.diff(bundled, d.current_spec()) == []


def test_a_response_enum_value_added_is_a_warning_that_needs_a_minor_bump() -> None:
    """The client's enums are open (an unknown value comes through as an UnknownValue), so a new response
    enum value no longer breaks it; older clients still fail on it, hence the warning and the minor bump."""
    changes = d.diff(*pair("response enum value added"))
    assert [(c.rule, c.breaking, bool(c.warning)) for c in changes] == [("response-enum-value-added", False, True)]
    assert "warning" in str(changes[0]) and "BREAKING" not in str(changes[0])
    assert "minor" in (d.version_problem("1.1.0", "1.1.1", changes) or "")
    assert d.version_problem("1.1.0", "1.2.0", changes) is None
    assert d.report(changes, "1.1.0", "1.2.0", "HEAD")[-1] == "0 breaking, 1 non-breaking (1 of them warnings)"
    removed = d.diff(*reversed(pair("response enum value added")))
    assert [c.breaking for c in removed] == [True], "a removed value still breaks readers that rely on it"


def test_a_response_union_variant_added_is_a_warning_that_needs_a_minor_bump() -> None:
    """The client reads an object of a kind it does not know in a union of models (a new rule trigger or
    action type) as an UnknownVariant, so a new variant no longer breaks it; older clients fail on it."""
    changes = d.diff(*pair("response oneOf variant added"))
    assert [(c.rule, c.breaking, bool(c.warning)) for c in changes] == [("response-variant-added", False, True)]
    assert "warning" in str(changes[0]) and "Triangle" in str(changes[0])
    assert "minor" in (d.version_problem("1.1.0", "1.1.1", changes) or "")
    assert d.version_problem("1.1.0", "1.2.0", changes) is None
    removed = d.diff(*reversed(pair("response oneOf variant added")))
    assert [c.breaking for c in removed] == [False], "a response union losing a variant only narrows"


@pytest.mark.parametrize(
    "name",
    [
        "response type changed from integer to string",
        "response anyOf of plain types gained one",
        "response nullable model became a union",
    ],
)
def test_widenings_the_client_cannot_read_stay_breaking(name: str) -> None:
    """Only a union the client already reads as open (two or more object variants) takes a new object
    variant safely; a changed type, a new plain type or a second model where there was one still break it."""
    changes = d.diff(*pair(name))
    assert [(c.rule, c.breaking) for c in changes] == [("response-type-widened", True)]
    assert "major" in (d.version_problem("1.1.0", "1.2.0", changes) or "")


def test_a_new_rule_trigger_type_is_a_warning(bundled: dict[str, Any]) -> None:
    new = copy.deepcopy(bundled)
    schemas = new["components"]["schemas"]
    schemas["WebhookTrigger"] = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"type": "string", "const": "webhook"}},
    }
    schemas["RuleTrigger"]["oneOf"].append({"$ref": "#/components/schemas/WebhookTrigger"})
    schemas["RuleTrigger"]["discriminator"]["mapping"]["webhook"] = "#/components/schemas/WebhookTrigger"
    changes = d.diff(bundled, new)
    assert [(c.where, c.rule, c.breaking) for c in changes] == [
        ("schemas.RuleTrigger", "response-variant-added", False)
    ]
