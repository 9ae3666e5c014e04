"""``make diff BASE=<ref>``: the specs to compare (from git, and the working tree bundled in memory), the
report, and the exit status."""

from __future__ import annotations

import subprocess
from typing import Any

from sequence_toolkit.spec import parse_document

from ..layout import BUNDLE_NAME, REPO, SPEC_ROOT
from .changes import Change, DiffError, version_problem
from .compare import diff


def spec_at(ref: str) -> dict[str, Any] | None:
    """The bundled spec committed at ``ref``; None when that commit has none."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)

    if git("rev-parse", "--verify", "--quiet", f"{ref}^{{tree}}").returncode != 0:
        raise DiffError(f"{ref!r} is not a commit or tree of this repository")
    blob = f"{ref}:generated/{BUNDLE_NAME}"
    if git("cat-file", "-e", blob).returncode != 0:
        return None
    shown = git("show", blob)
    if shown.returncode != 0:
        raise DiffError(f"git show {blob} failed: {shown.stderr.strip()}")
    return parse_document(shown.stdout, blob)


def current_spec() -> dict[str, Any]:
    """The working tree's spec, bundled in memory (so an edit is judged before `make generate`)."""
    from ..bundle import bundle
    from ..specfiles import SpecLoadError, SpecTree

    try:
        tree = SpecTree.load(SPEC_ROOT)
    except SpecLoadError as exc:
        raise DiffError(f"{exc.location}: {exc.message}") from exc
    result = bundle(tree)
    if result.problems or tree.problems:
        raise DiffError("the spec does not bundle; run `make validate` to see why")
    return result.document


def report(changes: list[Change], old_version: str, new_version: str, base: str) -> list[str]:
    lines = [f"API changes from {base} ({old_version}) to the working tree ({new_version}):"]
    for side, title in (("operation", "operations"), ("request", "requests"), ("response", "responses")):
        mine = [c for c in changes if c.side == side]
        lines.append(f"{title}: {len(mine) or 'no changes'}")
        lines += [str(c) for c in mine]
    breaking = sum(c.breaking for c in changes)
    warnings = sum(bool(c.warning) for c in changes)
    lines.append(f"{breaking} breaking, {len(changes) - breaking} non-breaking ({warnings} of them warnings)")
    return lines


def run_diff(base: str, old: dict[str, Any] | None = None, new: dict[str, Any] | None = None) -> int:
    """Print the report; 1 when the version bump is missing, 0 otherwise."""
    old = old if old is not None else spec_at(base)
    if old is None:
        print(f"diff: {base} has no generated/{BUNDLE_NAME}; nothing to compare")
        return 0
    new = new if new is not None else current_spec()
    changes = diff(old, new)
    old_version, new_version = str(old["info"]["version"]), str(new["info"]["version"])
    print("\n".join(report(changes, old_version, new_version, base)))
    problem = version_problem(old_version, new_version, changes)
    if problem:
        print(f"diff: {problem}; set info.version in openapi/sequence.yaml")
        return 1
    return 0
