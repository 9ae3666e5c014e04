"""make docs: the permission matrix and the API reference follow the spec, and the HTML stands alone."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sequence_toolchain import docs

from sequence_toolkit.permissions import PermissionModel

from ..conftest import BUNDLED, REPO


def test_committed_docs_match_the_spec(tmp_path: Path) -> None:
    assert docs.write_docs(BUNDLED, tmp_path) == ["permissions.md", "api.md", "api.html"]
    stale = [
        n
        for n in ("permissions.md", "api.md", "api.html")
        if (REPO / "docs" / n).read_bytes() != (tmp_path / n).read_bytes()
    ]
    assert not stale, f"docs/ is stale: run `make docs` (or `make generate`) and commit. Differs: {stale}"
    assert docs.write_docs(BUNDLED, tmp_path) == [], "unchanged docs are not rewritten"


def matrix_rows() -> dict[str, list[str]]:
    rows = {}
    for line in (REPO / "docs" / "permissions.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells and cells[0].startswith("`") and len(cells) == 5:
            rows[cells[0].strip("`")] = cells
    return rows


def test_the_matrix_has_every_operation_with_its_scope_and_check(bundled: dict[str, Any]) -> None:
    model = PermissionModel.from_spec(bundled)
    rows = matrix_rows()
    assert set(rows) == set(model.operations)
    for operation_id, permission in model.operations.items():
        _, request, scope, checked, forbidden = rows[operation_id]
        assert request == f"`{permission.method.upper()} {permission.path}`"
        assert scope == f"`{permission.scope.name}`"
        assert checked == docs._cell(permission.check.describe())
        assert forbidden.startswith("`forbidden`")
    assert "`maximum_amount_exceeded`" in rows["createTransfer"][4]
    assert "`rule_deactivated`" in rows["triggerRule"][4]
    assert "`rule_deactivated`" not in rows["getRule"][4]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_html_reference_works_offline(bundled: dict[str, Any]) -> None:
    page = (REPO / "docs" / "api.html").read_text(encoding="utf-8")
    collector = _Collector()
    collector.feed(page)
    names = {tag for tag, _ in collector.tags}
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    assert not any(attrs.get("src") for _, attrs in collector.tags), "nothing is loaded from anywhere"
    anchors = {attrs.get("id") for tag, attrs in collector.tags if tag == "a" and attrs.get("id")}
    hrefs = [attrs.get("href") or "" for tag, attrs in collector.tags if tag == "a"]
    internal = {href[1:] for href in hrefs if href.startswith("#")}
    assert internal <= anchors, f"links to missing schemas: {sorted(internal - anchors)}"
    for path, item in bundled["paths"].items():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                assert f"operationId <code>{operation['operationId']}</code>" in page, path
