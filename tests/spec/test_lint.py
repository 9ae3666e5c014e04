"""Each house rule fires on its bad-spec fixture, naming the rule and the file that is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from sequence_toolchain.lint import LINT_RULES
from sequence_toolchain.specfiles import split_pointer
from sequence_toolchain.validate import check

from sequence_toolkit.spec import load_document

from ..conftest import SPEC_DIR

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "lint").glob("*.yaml"))
#: rules raised while loading and bundling, before the rule functions run
LOAD_RULES = {
    "yaml", "ref-unresolved", "ref-not-component", "component-duplicate", "component-file", "path-file",
    "path-template", "openapi",
}  # fmt: skip


def apply(spec_dir: Path, relative: str, patch: list[dict[str, Any]]) -> None:
    path = spec_dir / relative
    for op in patch:
        if op["op"] == "write":
            path.write_text(op["text"], encoding="utf-8")
            continue
        document = load_document(path)
        *parents, last = split_pointer(op["path"])
        node = document
        for token in parents:
            node = node[int(token)] if isinstance(node, list) else node[token]
        if op["op"] == "remove":
            del node[int(last) if isinstance(node, list) else last]
        elif op["op"] == "set":
            node[int(last) if isinstance(node, list) else last] = op["value"]
        else:
            raise ValueError(f"unknown patch op {op['op']!r}")
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_rule_fires_on_its_fixture(fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_document(fixture)  # a case is a YAML mapping too: the rule, the file, the patch
    spec_dir = tmp_path / "openapi"
    shutil.copytree(SPEC_DIR, spec_dir)
    apply(spec_dir, case["file"], case["patch"])
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working directory

    _, problems = check(spec_dir / "sequence.yaml")

    expected_file = f"openapi/{case['file']}"
    hits = [p for p in problems if p.rule == case["rule"] and p.location.file == expected_file]
    assert hits, f"no [{case['rule']}] problem in {expected_file}; got:\n" + "\n".join(map(str, problems))
    assert all(p.location.line for p in hits), "every problem names a line"
    assert str(hits[0]).startswith(f"{expected_file}:{hits[0].location.line} ")


def test_every_rule_has_a_fixture() -> None:
    covered = {load_document(f)["rule"] for f in FIXTURES}
    assert covered == set(LINT_RULES) | LOAD_RULES
