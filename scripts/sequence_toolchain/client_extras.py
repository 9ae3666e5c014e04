"""Finish the generated client package: copy in the hand-written runtime, write the exception per error code.

openapi-python-client renders the operations (and, through ``client/templates``, the
``Sequence``/``AsyncSequence`` entry points). Two parts cannot come from its templates:

- the ``_runtime`` package (retries, pagination, base exceptions, base clients) is hand-written in
  ``client/runtime/sequence_api_client/_runtime/`` and copied unchanged, as is ``client/CHANGELOG.md``;
- ``errors.py`` needs the spec's ``x-sequence-error-statuses``, which the generator does not pass to
  its templates, so it is rendered here from ``client/runtime/errors.py.jinja`` with two inputs: the
  spec's error codes (status and meaning of each) and the runtime's ``STATUS_ERRORS`` table.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2  # openapi-python-client's own dependency

from sequence_toolkit.spec import ERROR_CODE_SCHEMA as ERROR_CODES
from sequence_toolkit.spec import ERROR_STATUSES_EXTENSION, Spec

REPO = Path(__file__).resolve().parents[2]
CLIENT_SOURCES = REPO / "client"
RUNTIME_DIR = CLIENT_SOURCES / "runtime"
RUNTIME_PACKAGE = RUNTIME_DIR / "sequence_api_client" / "_runtime"
ERRORS_TEMPLATE = RUNTIME_DIR / "errors.py.jinja"
CHANGELOG = CLIENT_SOURCES / "CHANGELOG.md"
_TABLE_ROW = re.compile(r"^\|\s*([a-z_]+)\s*\|\s*\d{3}\s*\|\s*(.+?)\s*\|\s*$", re.M)


class ClientExtrasError(Exception):
    pass


@dataclass(frozen=True)
class ErrorCode:
    """One value of the spec's ErrorCode enum: its HTTP status and what it means."""

    code: str
    status: int
    meaning: str

    @property
    def class_name(self) -> str:
        return "".join(part.capitalize() for part in self.code.split("_")) + "Error"


def status_classes(errors_module: Path = RUNTIME_PACKAGE / "_errors.py") -> dict[int, str]:
    """The runtime's exception class per status, by name: its ``STATUS_ERRORS`` table.

    ``_errors.py`` imports nothing else of the package, so it is loaded on its own, from ``client/``
    (never the copy in ``generated/``, which may be stale).
    """
    spec = importlib.util.spec_from_file_location("_sequence_client_runtime_errors", errors_module)
    if spec is None or spec.loader is None:
        raise ClientExtrasError(f"cannot load {errors_module}")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except (ImportError, OSError) as exc:
        raise ClientExtrasError(f"cannot load {errors_module} on its own: {exc}") from exc
    table = getattr(module, "STATUS_ERRORS", None)
    if not isinstance(table, dict):
        raise ClientExtrasError(f"{errors_module} has no STATUS_ERRORS dict")
    return {int(status): cls.__name__ for status, cls in table.items()}


def error_meanings(description: str) -> dict[str, str]:
    """Each code's meaning, from the ``| code | status | meaning |`` table of ErrorCode's description.

    The spec writes the meanings only there (the statuses are also in ``x-sequence-error-statuses``).
    """
    return dict(_TABLE_ROW.findall(description))


def error_codes(document: dict[str, Any]) -> list[ErrorCode]:
    """Every value of the spec's ErrorCode enum, in the spec's order."""
    schema = document.get("components", {}).get("schemas", {}).get(ERROR_CODES)
    if not isinstance(schema, dict):
        raise ClientExtrasError(f"the bundled spec has no components.schemas.{ERROR_CODES}")
    statuses = Spec(document).error_statuses
    missing = [code for code in schema.get("enum", []) if code not in statuses]
    if missing:
        raise ClientExtrasError(f"components.schemas.{ERROR_CODES}.{ERROR_STATUSES_EXTENSION}: no status for {missing}")
    meanings = error_meanings(str(schema.get("description", "")))
    return [ErrorCode(code, status, meanings.get(code, "")) for code, status in statuses.items()]


def render_errors(codes: list[ErrorCode], by_status: dict[int, str], template: Path = ERRORS_TEMPLATE) -> str:
    """``errors.py``: one class per code, under the runtime's class of its status (``APIStatusError`` if none)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template.parent),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return environment.get_template(template.name).render(codes=codes, status_classes=by_status)


def finish_client(document: dict[str, Any], package: Path, errors_text: str | None = None) -> None:
    """Copy the runtime into ``package`` (and the changelog beside it), and write its ``errors.py``
    (``errors_text`` when the caller rendered it already, while the generator ran)."""
    if not (package / "__init__.py").is_file():
        raise ClientExtrasError(f"{package} is not the generated client package")
    shutil.copytree(RUNTIME_PACKAGE, package / RUNTIME_PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(CHANGELOG, package.parent / CHANGELOG.name)
    if errors_text is None:
        errors_text = render_errors(error_codes(document), status_classes())
    (package / "errors.py").write_text(errors_text, encoding="utf-8")
