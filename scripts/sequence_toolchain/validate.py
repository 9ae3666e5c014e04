"""Validate the split spec: prance over the split files, our lint, and the bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openapi_spec_validator import OpenAPIV31SpecValidator

from sequence_toolkit.spec import join

from .bundle import Bundle, Problem, bundle
from .lint import lint_bundle
from .specfiles import Location, SpecLoadError, SpecTree, display_path


def _no_recursion(limit: int, parsed_url: Any, recursions: Any = ()) -> dict[str, Any]:
    # ChainableCondition nests itself; an empty schema at the cycle lets prance validate the rest.
    return {}


def prance_problems(root: Path) -> list[Problem]:
    """prance's ResolvingParser with the openapi-spec-validator backend, over the split files."""
    import prance  # slow to import: only when asked

    try:
        prance.ResolvingParser(
            str(root.resolve()),
            backend="openapi-spec-validator",
            strict=True,
            recursion_limit_handler=_no_recursion,
        )
    except Exception as exc:  # prance raises several unrelated types
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return [Problem(Location(display_path(root.resolve()), "", 1), "openapi", f"prance: {message}")]
    return []


def bundle_problems(b: Bundle) -> list[Problem]:
    """openapi-spec-validator over the bundle, each error located in its split file."""
    problems = []
    for error in OpenAPIV31SpecValidator(b.document).iter_errors():
        pointer = join("", *error.absolute_path)
        problems.append(Problem(b.locate(pointer), "openapi", error.message))
    return problems


def check(root: Path, *, with_prance: bool = True) -> tuple[Bundle | None, list[Problem]]:
    """Everything but prance when ``with_prance`` is false (generate runs prance beside the generators)."""
    try:
        tree = SpecTree.load(root)
    except SpecLoadError as exc:
        return None, [Problem(exc.location, "yaml", exc.message)]
    result = bundle(tree)
    problems = lint_bundle(result)
    if not result.problems:  # a bundle with broken refs only repeats them
        problems += bundle_problems(result)
    if with_prance:
        problems += prance_problems(root)
    return result, problems
