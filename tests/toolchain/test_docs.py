"""make docs: the permission matrix and the API reference follow the spec, and the HTML stands alone."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sequence_toolchain import docs

from sequence_toolkit.permissions import PermissionModel
from sequence_toolkit.spec import Spec

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


class _Page(HTMLParser):
    """The page's elements, and the text of each <pre><code> block with its class and the section it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.section = ""  # the last operation anchor seen
        self.code: list[tuple[str, str, str]] = []  # (section, class, text)
        self.nav_links: list[str] = []
        self.table_rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "a" and attributes.get("id"):
            self.section = attributes["id"] or ""
        if tag == "a" and "nav" in self.open:
            self.nav_links.append(attributes.get("href") or "")
        if tag == "code" and self.open[-1:] == ["pre"]:
            self.code.append((self.section, attributes.get("class") or "", ""))
        if tag == "tr":
            self.table_rows.append([])
        if tag in ("td", "th") and self.table_rows:
            self.table_rows[-1].append("")
        if tag not in ("meta", "br", "hr", "img", "input", "link"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.open[-2:] == ["pre", "code"]:
            section, klass, text = self.code[-1]
            self.code[-1] = (section, klass, text + data)
        if ("td" in self.open or "th" in self.open) and self.table_rows and self.table_rows[-1]:
            self.table_rows[-1][-1] += data


@pytest.fixture(scope="module")
def page() -> _Page:
    parsed = _Page()
    parsed.feed((REPO / "docs" / "api.html").read_text(encoding="utf-8"))
    return parsed


def test_the_html_reference_works_offline(page: _Page) -> None:
    names = {tag for tag, _ in page.tags}
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    assert not any(attrs.get("src") for _, attrs in page.tags), "nothing is loaded from anywhere"
    ids = [attrs["id"] for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids)), "every id is unique"
    hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a" and "href" in attrs]
    internal = {href[1:] for href in hrefs if href.startswith("#")}
    assert internal <= set(ids), f"links to missing anchors: {sorted(internal - set(ids))}"
    assert not [h for h in hrefs if h.endswith(".md")], "no link opens raw Markdown"


def test_the_contents_link_every_operation_and_schema(page: _Page, bundled: dict[str, Any]) -> None:
    operation_ids = [
        op["operationId"] for item in bundled["paths"].values() for op in item.values() if isinstance(op, dict)
    ]
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert [tag for tag, attrs in page.tags if attrs.get("id") == "contents"] == ["nav"]
    for operation_id in operation_ids:
        assert operation_id in ids, f'no id="{operation_id}"'
        assert f"#{operation_id}" in page.nav_links, f"the contents do not link {operation_id}"
    for name in bundled["components"]["schemas"]:
        assert f"schema-{name.lower()}" in ids and f"#schema-{name.lower()}" in page.nav_links, name
    for section in ("#authentication", "#errors", "#permission-matrix"):
        assert section in page.nav_links


def test_the_permission_matrix_is_in_the_page(page: _Page, bundled: dict[str, Any]) -> None:
    model = PermissionModel.from_spec(bundled)
    rows = {r[0]: r for r in page.table_rows if len(r) == 5 and r[0] in model.operations}
    assert set(rows) == set(model.operations)
    for operation_id, permission in model.operations.items():
        assert rows[operation_id][1] == f"{permission.method.upper()} {permission.path}"
        assert rows[operation_id][2] == permission.scope.name
    assert ("#createTransfer") in {attrs.get("href") for tag, attrs in page.tags if tag == "a"}


def test_each_operation_shows_its_curl_and_python_samples_and_example_bodies(
    page: _Page, bundled: dict[str, Any]
) -> None:
    spec = Spec(bundled)

    def example_values(holder: Any) -> list[Any]:
        examples = ((holder or {}).get("content", {}).get("application/json", {}).get("examples") or {}).values()
        return [spec.deref(example)["value"] for example in examples]

    for operation_id, operation in spec.operations.items():
        blocks = [(klass, text) for section, klass, text in page.code if section == operation_id]
        shell = [text for klass, text in blocks if klass == "language-sh"]
        python = [text for klass, text in blocks if klass == "language-python"]
        assert len(shell) == 1 and shell[0].startswith(f"curl -X {operation.method.upper()} "), operation_id
        assert len(python) == 1 and "from sequence_api_client import Sequence" in python[0], operation_id
        shown = [json.loads(text) for klass, text in blocks if klass == "language-json"]
        expected = example_values(operation.body)
        for response in operation.responses.values():
            expected += example_values(response)
        assert shown == expected, f"{operation_id}: the page shows other example bodies than the spec has"
