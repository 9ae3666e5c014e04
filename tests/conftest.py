from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sequence_toolkit.spec import load_document

pytest_plugins = ["sequence_toolkit.contract.pytest_plugin"]  # the fixture implementors use, tested here too

REPO = Path(__file__).resolve().parents[1]
SPEC_DIR = REPO / "openapi"
BUNDLED = REPO / "generated" / "openapi.yaml"
SEEDS = REPO.parent / "shared" / "seeds"
SEED_ACCOUNT = "000_cc65781f9904b144.txt"
SEED_CARD = "002_11f3a457a476b3b3.txt"


def seeds_dir() -> Path:
    """The seeds sit beside the repo (../shared/seeds); CI clones the repo with shared/ beside it."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not at {SEEDS}")
    return SEEDS


def seed_text(name: str) -> str:
    return (seeds_dir() / name).read_text(encoding="utf-8")


def seed_bodies(name: str) -> list[Any]:
    """The JSON bodies of a seed page, in order: success, 401, 403, 404."""
    text = seed_text(name)
    decoder = json.JSONDecoder()
    bodies, index = [], 0
    while (match := re.compile(r"^\{", re.M).search(text, index)) is not None:
        body, index = decoder.raw_decode(text, match.start())
        bodies.append(body)
    return bodies


def seed_scope_lines(name: str) -> list[str]:
    """The rows of a seed's scope table, as the page prints them (columns run together)."""
    lines = seed_text(name).splitlines()
    start = lines.index("ScopeResourcesGrants access to") + 1
    rows: list[str] = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(line)
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
