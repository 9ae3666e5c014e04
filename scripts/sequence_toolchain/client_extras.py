"""Finish the generated client package: copy in the hand-written runtime, write the exception per error code.

openapi-python-client renders the operations (and, through ``client/templates``, the
``Sequence``/``AsyncSequence`` entry points). Two parts cannot come from its templates:

- the ``_runtime`` package (retries, pagination, base exceptions, base clients) is hand-written in
  ``client/runtime/sequence_api_client/_runtime/`` and copied unchanged, as are ``client/CHANGELOG.md``
  (into the package, so both the wheel and the sdist ship it) and the repository's ``LICENSE`` (beside it);
- ``errors.py`` needs the spec's ``x-sequence-error-statuses``, which the generator does not pass to
  its templates, so it is rendered here from ``client/runtime/errors.py.jinja`` with two inputs: the
  spec's error codes (status and meaning of each) and the runtime's ``STATUS_ERRORS`` table;
- the parameters' descriptions, which the generator drops (it keeps only their schemas): the method
  docstrings of ``api/__init__.py`` hold a ``{{parameters:<method>}}`` line, replaced here by one
  ``name: description`` line per parameter, from the spec.

``generate`` runs all of it in the client generator's own process, right after the generator
(:func:`finish_generated`), so its own process never imports openapi-python-client.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2  # openapi-python-client's own dependency
from openapi_python_client.strings import PythonIdentifier, snake_case

from sequence_toolkit.spec import ERROR_CODE_SCHEMA as ERROR_CODES
from sequence_toolkit.spec import ERROR_STATUSES_EXTENSION, Spec

REPO = Path(__file__).resolve().parents[2]
CLIENT_SOURCES = REPO / "client"
RUNTIME_DIR = CLIENT_SOURCES / "runtime"
RUNTIME_PACKAGE = RUNTIME_DIR / "sequence_api_client" / "_runtime"
ERRORS_TEMPLATE = RUNTIME_DIR / "errors.py.jinja"
CHANGELOG = CLIENT_SOURCES / "CHANGELOG.md"
LICENSE = REPO / "LICENSE"
_PARAMETERS_MARKER = re.compile(r"^(?P<indent>[ ]*)\{\{parameters:(?P<method>\w+)\}\}$", re.M)
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
        name = "".join(part.capitalize() for part in self.code.split("_"))
        return name if name.endswith("Error") else name + "Error"  # internal_error -> InternalError


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


def parameter_descriptions(document: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Per client method (the generator's snake_case of the operationId): each argument's name, as the
    generator spells it, and its description from the spec (parameters, then the request body)."""

    def flat(text: object) -> str:
        return " ".join(str(text).split())

    described: dict[str, list[tuple[str, str]]] = {}
    for operation in Spec(document).operations.values():
        arguments = [
            (str(PythonIdentifier(p.name, "field_")), flat(p.raw.get("description", ""))) for p in operation.parameters
        ]
        if operation.body is not None:
            arguments.append(("body", flat(operation.body.get("description", "the request body."))))
        described[snake_case(operation.operation_id)] = arguments
    return described


def describe_parameters(source: str, described: dict[str, list[tuple[str, str]]]) -> str:
    """``source`` with each ``{{parameters:<method>}}`` line replaced by that method's argument lines."""

    def lines(match: re.Match[str]) -> str:
        indent, method = match["indent"], match["method"]
        if method not in described:
            raise ClientExtrasError(f"api/__init__.py: no operation for the docstring marker of {method}")
        wrapped = [
            textwrap.fill(f"{name}: {text}", width=110, initial_indent=indent, subsequent_indent=indent + "    ")
            for name, text in described[method]
        ]
        return "\n".join(wrapped) if wrapped else f"{indent}(no parameters)"

    return _PARAMETERS_MARKER.sub(lines, source)


def write_errors(document: dict[str, Any], package: Path) -> None:
    """Write ``package``'s ``errors.py`` (unformatted)."""
    if not (package / "__init__.py").is_file():
        raise ClientExtrasError(f"{package} is not the generated client package")
    (package / "errors.py").write_text(render_errors(error_codes(document), status_classes()), encoding="utf-8")


def finish_client(document: dict[str, Any], package: Path) -> None:
    """Copy the runtime and the changelog into ``package`` (the license beside it) and write the parameters' docs."""
    shutil.copytree(RUNTIME_PACKAGE, package / RUNTIME_PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(CHANGELOG, package / CHANGELOG.name)
    shutil.copyfile(LICENSE, package.parent / LICENSE.name)
    api_init = package / "api" / "__init__.py"
    api_init.write_text(
        describe_parameters(api_init.read_text(encoding="utf-8"), parameter_descriptions(document)), encoding="utf-8"
    )


def finish_generated(bundle_json: str, package: str) -> None:
    """The rest of the client for ``generate``, run in the client generator's own process right after it
    wrote ``package`` (see :func:`.generators.run_client`), from the bundle it read: :func:`write_errors`;
    ruff's fixes and formatting, once, over the generator's output and ``errors.py``, with the project's
    own settings (the generator's post hooks are off, in ``client/generator.yaml``); then
    :func:`finish_client`. What it adds is not formatted: the runtime is copied unchanged, and ruff would
    rewrite a description in the parameters' docs (``\\xAB`` as ``\\xab``)."""
    from .generators import format_code

    document = json.loads(Path(bundle_json).read_text(encoding="utf-8"))
    write_errors(document, Path(package))
    format_code(Path(package).parent, config=None)
    finish_client(document, Path(package))
