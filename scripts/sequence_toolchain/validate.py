"""Validate the split spec: load and bundle it, the house lint, then openapi-spec-validator over the bundle.

Every problem is reported once, at the file and line where it was written. ``make validate``
and ``make generate`` both call :func:`check`, so they find and count the same problems.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from sequence_toolkit.spec import join

from .bundle import Bundle, Problem, bundle
from .lint import lint_bundle
from .schemawalk import all_schemas
from .specfiles import SpecLoadError, SpecTree, get_at, split_pointer

#: the fields of an OpenAPI 3.1 root object: a validator's error path starting elsewhere is inside a schema
ROOT_FIELDS = frozenset(
    [
        "openapi",
        "info",
        "jsonSchemaDialect",
        "servers",
        "paths",
        "webhooks",
        "components",
        "security",
        "tags",
        "externalDocs",
    ]
)
UNEXPECTED = re.compile(r"\('(.+)' (?:was|were) unexpected\)")
MISSING = re.compile(r"^'(.+)' is a required property|^\"(.+)\" is a required property")
LONGEST_MESSAGE = 240


class ToolFailure(Exception):
    """The toolchain itself failed (not the spec): ``make validate``/``make generate`` exit 2."""


def load(root: Path) -> tuple[Bundle | None, list[Problem]]:
    """The split spec rooted at ``root``, bundled; or None and the file that does not load."""
    try:
        tree = SpecTree.load(root)
    except SpecLoadError as exc:
        return None, [Problem(exc.location, "yaml", exc.message)]
    return bundle(tree), []


def verdict(result: Bundle) -> list[Problem]:
    """Every problem of a bundled spec: the house lint, then openapi-spec-validator less what repeats the lint.

    Raises :class:`ToolFailure` when a check failed to run and no problem of the spec explains it.
    """
    problems, failed = lint_bundle(result)
    if not result.problems:  # a bundle with broken refs would only repeat them
        found, failure = bundle_problems(result)
        problems += _without_repeats(problems, found)
        failed += [failure] if failure else []
    if failed and not problems:
        raise ToolFailure("; ".join(failed))
    return sorted(problems, key=lambda p: (p.location.file, p.location.line or 0))


def check(root: Path) -> tuple[Bundle | None, list[Problem]]:
    """The bundle (None when the files do not load) and every problem of the split spec rooted at ``root``."""
    result, problems = load(root)
    return result, (problems if result is None else verdict(result))


def _validator_errors(document: dict[str, Any]) -> tuple[list[Any], str | None]:
    """openapi-spec-validator's errors, and how it failed if it stopped short: its checks beyond the
    schema trip over malformed input (a parameter without a name), after reporting it."""
    from openapi_spec_validator import OpenAPIV31SpecValidator  # slow to import: only when a spec is checked

    errors: list[Any] = []
    try:
        for error in OpenAPIV31SpecValidator(document).iter_errors():
            errors.append(error)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or ["(no message)"])[0]
        return errors, f"openapi-spec-validator failed: {type(exc).__name__}: {first}"
    return errors, None


def bundle_problems(b: Bundle) -> tuple[list[Problem], str | None]:
    """openapi-spec-validator over the bundle, each error located in its split file, in one line;
    and how the validator failed, if it did.

    A misspelt required field (``descriptio``) is one mistake: it is reported once, at the misspelling.
    """
    raw, failure = _validator_errors(b.document)
    located = [(_pointer(b, e), e) for e in raw]
    errors = [(p, e) for p, e in located if p is not None]
    if not errors:  # an error nowhere to be found is worth reporting only when it is the only one
        errors = [("", e) for _, e in located]
    missing = {(p, _missing(e)) for p, e in errors if _missing(e)}
    misspelt: dict[tuple[str, str], str] = {}  # (pointer, unexpected key) -> the required field it stands for
    for pointer, error in errors:
        for name in _unexpected(error):
            close = difflib.get_close_matches(name, [n for p, n in missing if p == pointer], n=1, cutoff=0.75)
            if close:
                misspelt[(pointer, name)] = close[0]
    meant = {(pointer, field) for (pointer, _), field in misspelt.items()}
    found: list[Problem] = []
    for pointer, error in errors:
        names = _unexpected(error)
        if not names and (pointer, _missing(error)) not in meant:
            found.append(Problem(b.locate(pointer), "openapi", _message(error)))
        for name in names:
            field = misspelt.get((pointer, name))
            hint = f" (did you mean {field!r}, required here?)" if field else ""
            found.append(Problem(b.locate(join(pointer, name)), "openapi", f"unknown keyword {name!r}{hint}"))
    return found, failure


def _unexpected(error: Any) -> list[str]:
    match = UNEXPECTED.search(error.message)
    return match.group(1).split("', '") if match else []


def _missing(error: Any) -> str:
    match = MISSING.match(error.message)
    return (match.group(1) or match.group(2)) if match else ""


def _pointer(b: Bundle, error: Any) -> str | None:
    """Where an error is in the bundle. Errors inside a schema come with a path relative to that schema:
    find the schema that has the offending value there. None when no schema has it."""
    tokens = list(error.absolute_path)
    pointer = join("", *tokens)
    if not tokens:  # the document itself, or somewhere inside a schema that did not say where
        return pointer if isinstance(error.instance, dict) and "openapi" in error.instance else None
    if str(tokens[0]) in ROOT_FIELDS or str(tokens[0]).startswith("x-"):
        return pointer
    schemas = list(all_schemas(b.spec))
    for cut in range(len(tokens), 0, -1):  # the schema holding the value; else one holding its nearest parent
        prefix = join("", *tokens[:cut])
        for schema_pointer, schema in schemas:
            try:
                found = get_at(schema, prefix)
            except KeyError:
                continue
            if cut < len(tokens) or found == error.instance:
                return schema_pointer + pointer
    return None


def _message(error: Any) -> str:
    """The validator's message without its schema dump: the most specific cause, first line, cut short."""
    from jsonschema.exceptions import best_match

    cause = best_match(error.context) if error.context else None
    text = str(cause.message if cause is not None else error.message).strip().splitlines()[0]
    return text if len(text) <= LONGEST_MESSAGE else text[: LONGEST_MESSAGE - 3] + "..."


def _without_repeats(found: list[Problem], more: list[Problem]) -> list[Problem]:
    """``more``, less what repeats ``found``: the same line, or a place at or inside one already named."""

    def covered(p: Problem) -> bool:
        for q in found:
            if q.location.file != p.location.file:
                continue
            if q.location.line == p.location.line:
                return True
            outer, inner = split_pointer(p.location.pointer or "/"), split_pointer(q.location.pointer or "/")
            if inner[: len(outer)] == outer and len(inner) >= len(outer) and outer:
                return True
        return False

    kept: list[Problem] = []
    for problem in more:
        if not covered(problem) and problem not in kept:
            kept.append(problem)
    return kept


def describe(problems: list[Problem], command: str, spec: Path) -> str:
    """The summary line ``validate`` and ``generate`` both print."""
    files = len({p.location.file for p in problems})
    return f"{command}: {len(problems)} problem(s) in {files} file(s) of {spec}"
