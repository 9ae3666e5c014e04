"""Whatever the mistake, validation names it (file and line) and never fails itself.

Random single mutations of the real spec, seeded: a node deleted, renamed or given a value of
another kind, or a character of YAML inserted or removed. Every run must end with problems that
each name a file and a line, or none, and never with an exception or a tool failure. ``make
spec-fuzz`` runs many more cases (``SPEC_FUZZ_CASES``) than the test suite does.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sequence_toolchain.validate import check

from ..conftest import SPEC_DIR

CASES = int(os.environ.get("SPEC_FUZZ_CASES", "24"))
VALUES: list[Any] = [None, 0, "x", [], {}, ["a"], {"a": 1}, True, "READ_CARDS", {"$ref": "#/nope"}, "string"]
SNIPPETS = ["", "[", "]", ":", "\t", "'", '"', "{", "}", " ", "\n  x", "- ", "&a ", "*b", "!!int ", "#", "$ref: x"]


def nodes(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from nodes(child, (*path, key))


def mutate_structure(rng: random.Random, path: Path) -> str:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = rng.choice(list(nodes(document)))
    parent = document
    for key in where[:-1]:
        parent = parent[key]
    action = rng.choice(["delete", "set", "set", "rename"])
    if action == "delete":
        del parent[where[-1]]
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{where[-1]}x"] = parent.pop(where[-1])
    else:
        parent[where[-1]] = rng.choice(VALUES)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return f"{action} {'/'.join(map(str, where))}"


def mutate_text(rng: random.Random, path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    at = rng.randrange(len(text))
    snippet = rng.choice(SNIPPETS)
    path.write_text(text[:at] + snippet + text[at + rng.randint(0, 2) :], encoding="utf-8")
    return f"{snippet!r} at offset {at}"


@pytest.mark.parametrize("seed", range(CASES))
def test_validation_names_every_mistake_and_never_fails(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    spec = tmp_path / "openapi"
    shutil.copytree(SPEC_DIR, spec)
    target = rng.choice(sorted(spec.rglob("*.yaml")))
    mutation = (mutate_structure if seed % 2 else mutate_text)(rng, target)
    monkeypatch.chdir(tmp_path)

    _, problems = check(spec / "sequence.yaml")  # a ToolFailure or any other exception fails the test

    where = f"{target.relative_to(tmp_path)}: {mutation}"
    assert all(p.location.file.startswith("openapi/") and p.location.line for p in problems), (where, problems)
    assert all("\n" not in str(p) for p in problems), where
