"""Every class of spec mistake is reported once, at the file:line where it was written, in one line,
with exit status 1 from ``validate`` and ``generate`` alike (which leaves generated/ and docs/ as they
were); a failure of the tool itself exits 2, in one line too.

The commands run as real processes, as ``make validate`` / ``make generate`` run them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sequence_toolkit.spec import load_document

from ..conftest import REPO, SPEC_DIR

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "errors").glob("*.yaml"))
#: ``openapi/<file>:<line> <pointer>: [<rule>] <message>``
PROBLEM = re.compile(r"^(openapi/\S+?):(\d+) (/\S*): \[([a-z-]+)\] (\S.*)$")


def patch_spec(root: Path, case: dict[str, Any]) -> None:
    spec = root / "openapi"
    shutil.copytree(SPEC_DIR, spec)
    path = spec / case["file"]
    text = path.read_text(encoding="utf-8")
    for edit in case["replace"]:
        assert text.count(edit["old"]) == 1, f"{case['file']}: {edit['old']!r} must occur exactly once"
        text = text.replace(edit["old"], edit["new"])
    path.write_text(text, encoding="utf-8")


def toolchain(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sequence_toolchain", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def problem_lines(stderr: str, command: str) -> list[str]:
    *problems, summary = stderr.strip().splitlines()
    assert summary.startswith(f"{command}: {len(problems)} problem(s) in "), summary
    return problems


def test_every_class_of_mistake_has_a_fixture() -> None:
    classes = " ".join(load_document(f)["class"] for f in FIXTURES)
    for word in ("YAML", "unknown type", "format", "dangling", "unknown keyword", "description", "scope table",
                 "example", "permission extension"):  # fmt: skip
        assert word in classes, word


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_each_mistake_is_reported_once_where_it_was_written(fixture: Path, tmp_path: Path) -> None:
    case = load_document(fixture)
    patch_spec(tmp_path, case)
    output = tmp_path / "generated"
    shutil.copytree(REPO / "generated", output)
    (output / ".inputs.sha256").write_text("stale\n")  # so generate has work to do
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    before = {"generated": tree_digest(output), "docs": tree_digest(tmp_path / "docs")}

    validate = toolchain(tmp_path, "validate", "--spec", "openapi/sequence.yaml")
    generate = toolchain(tmp_path, "generate", "--spec", "openapi/sequence.yaml", "--output", "generated")

    for run in (validate, generate):
        assert run.returncode == 1, run.stderr
        assert "Traceback" not in run.stdout + run.stderr
    problems = problem_lines(validate.stderr, "validate")
    matches = [PROBLEM.match(line) for line in problems]
    assert all(matches), "\n".join(problems)
    # one short line each: no dump of the offending node (an operation as JSON) in the message
    assert all(len(line) <= 320 and "{'" not in line and '{"' not in line for line in problems), "\n".join(problems)
    got = sorted((f"{m[1]}:{m[2]}", m[4]) for m in matches if m)
    expected = sorted((f"openapi/{e['at']}", e["rule"]) for e in case["expect"])
    assert got == expected, "\n".join(problems)
    for e in case["expect"]:
        assert any(line.startswith(f"openapi/{e['at']} ") and e["says"] in line for line in problems), e
    # generate finds and counts exactly the same problems, and changes nothing
    assert problem_lines(generate.stderr, "generate") == problems
    assert generate.stderr.strip().endswith("generated/ left unchanged")
    assert {"generated": tree_digest(output), "docs": tree_digest(tmp_path / "docs")} == before
    assert not (tmp_path / "generated.staging").exists() and not (tmp_path / "docs.staging").exists()


#: the command in argv (``validate`` or ``generate``) with one more lint rule, which raises
BROKEN_RULE = """
import sys
from sequence_toolchain import lint
from sequence_toolchain.__main__ import main
def broken(b):
    raise RuntimeError("boom")
    yield
lint.LINT_RULES["broken"] = broken
sys.exit(main(sys.argv[1:]))
"""


def validate_with_a_broken_rule(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", BROKEN_RULE, *(args or ("validate",)), "--spec", "openapi/sequence.yaml"]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_a_check_that_crashes_is_a_tool_failure_in_one_line(tmp_path: Path) -> None:
    """A lint rule that raises on a valid spec: exit 2, one line naming the rule, no traceback;
    generate writes nothing."""
    shutil.copytree(SPEC_DIR, tmp_path / "openapi")
    run = validate_with_a_broken_rule(tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "sequence_toolchain: tool failed: lint rule 'broken' failed: RuntimeError: boom"
    ]
    run = validate_with_a_broken_rule(tmp_path, "generate", "--output", str(tmp_path / "generated"))
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "generate: tool failed: lint rule 'broken' failed: RuntimeError: boom; generated/ left unchanged"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["openapi"]  # no generated/, docs/ or staging folder


def test_a_crash_beside_a_real_problem_reports_the_problem(tmp_path: Path) -> None:
    """The same crashing rule on a spec with a mistake: the mistake is what the user sees (exit 1)."""
    case = load_document(FIXTURES[0].with_name("unknown-format.yaml"))
    patch_spec(tmp_path, case)
    run = validate_with_a_broken_rule(tmp_path)
    assert run.returncode == 1
    assert len(problem_lines(run.stderr, "validate")) == 1


def test_help_documents_the_exit_statuses(tmp_path: Path) -> None:
    for args in ((), ("validate",), ("generate",)):
        run = toolchain(tmp_path, *args, "--help")
        assert run.returncode == 0
        text = " ".join(run.stdout.split())
        assert "1 the spec is invalid" in text and "2 the tool failed" in text


#: schemas YAML can write, wrong or odd in the ways jsonschema-rs and jsonschema could read differently
ODD_SCHEMAS = [
    "{minLength: '3'}", "{minLength: -1}", "{minLength: 3.0}", "{minLength: 3.5}", "{minLength: true}",
    "{maxLength: 100000000000000000000000000000}", "{maximum: .inf}", "{minimum: -.inf}", "{multipleOf: .nan}",
    "{multipleOf: 0}", "{pattern: '[a-'}", "{pattern: 5}", "{required: [a, a]}", "{required: [1]}",
    "{type: [string, string]}", "{enum: a}", "{$ref: 5}", "{$ref: '#/$defs/none'}", "{$defs: {a: 5}}",
    "{$defs: [1]}", '{$anchor: "a\\n"}', "{$id: 'a#b#'}", "{description: 2024-01-01}", "{default: 2024-01-01}",
    "{title: !!binary aGk=}", "{properties: {1: {}}}", "{properties: {yes: {}}}", "{dependentSchemas: {~: {}}}",
    "{allOf: !!pairs [a: 1]}", "{enum: !!omap [a: 1]}", "{properties: !!set {a}}", "true", "{items: false}",
    # a mistake one level down, under each keyword that holds schemas
    *(
        f"{{{keyword}: {inner}}}".replace("X", "{minLength: '3'}")
        for keyword, inner in [
            ("properties", "{a: X}"), ("patternProperties", "{'^a': X}"), ("additionalProperties", "X"),
            ("propertyNames", "X"), ("items", "X"), ("prefixItems", "[X]"), ("contains", "X"), ("allOf", "[X]"),
            ("anyOf", "[X]"), ("oneOf", "[X]"), ("not", "X"), ("if", "X"), ("then", "X"), ("else", "X"),
            ("$defs", "{a: X}"), ("definitions", "{a: X}"), ("dependentSchemas", "{a: X}"),
            ("dependencies", "{a: X}"), ("unevaluatedItems", "X"), ("unevaluatedProperties", "X"),
            ("contentSchema", "X"),
        ]
    ),
]  # fmt: skip


@pytest.mark.parametrize("text", ODD_SCHEMAS)
def test_the_fast_metaschema_check_passes_nothing_jsonschema_rejects(text: str) -> None:
    """The schema-valid rule skips jsonschema when jsonschema-rs finds a schema valid, and asks jsonschema
    when jsonschema-rs cannot read it (it raises on a key that is not a string, a date, bytes)."""
    from sequence_toolchain import rules_schema

    schema = yaml.load(text, Loader=yaml.SafeLoader)
    fast, precise = rules_schema._meta_validators()
    if rules_schema._valid_at_once(fast, schema):
        assert precise.is_valid(schema), text
    if "'3'" in text:  # the mistakes one level down, and at the top
        assert not precise.is_valid(schema), text


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        ("      $defs: {1: {type: string}}\n", []),  # jsonschema-rs raises on the key; jsonschema passes it
        ("      title: 2024-01-01\n", [("schema-valid", 104)]),  # and names a date where a string belongs
    ],
)
def test_a_value_json_has_no_kind_for_is_judged_by_jsonschema(
    added: str, expected: list[tuple[str, int]], tmp_path: Path
) -> None:
    """What jsonschema-rs cannot read is neither a tool failure nor left to openapi-spec-validator."""
    from sequence_toolchain.validate import check

    old = "      maxLength: 140\n"
    patch_spec(tmp_path, {"file": "components/schemas/transfers.yaml", "replace": [{"old": old, "new": old + added}]})
    _, problems = check(tmp_path / "openapi" / "sequence.yaml")
    assert [(p.rule, p.location.line) for p in problems] == expected, problems
