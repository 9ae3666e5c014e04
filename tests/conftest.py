from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sequence_toolkit.spec import load_document

pytest_plugins = ["sequence_toolkit.contract.pytest_plugin"]  # the fixture implementors use, tested here too

REPO = Path(__file__).resolve().parents[1]
SPEC_DIR = REPO / "openapi"
BUNDLED = REPO / "generated" / "openapi.yaml"
SEED_FACTS = REPO / "tests" / "fixtures" / "seeds"  # facts copied from the seed pages; see its README.md
SEED_ACCOUNT = "000_cc65781f9904b144"
SEED_CARD = "002_11f3a457a476b3b3"


def seed_facts(name: str) -> dict[str, Any]:
    """What a seed page states: operation, descriptions, scope table, curl line and bodies."""
    facts: dict[str, Any] = json.loads((SEED_FACTS / f"{name}.json").read_text(encoding="utf-8"))
    return facts


def seed_bodies(name: str) -> list[Any]:
    """The JSON bodies of a seed page, in order: success, 401, 403, 404."""
    bodies: list[Any] = seed_facts(name)["bodies"]
    return bodies


def seed_scope_rows(name: str) -> list[dict[str, str]]:
    """The rows of a seed's scope table: scope, resources, grants."""
    rows: list[dict[str, str]] = seed_facts(name)["scopes"]
    return rows


@pytest.fixture(scope="session")
def bundled() -> dict[str, Any]:
    return load_document(BUNDLED)


def iter_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_refs(item)
