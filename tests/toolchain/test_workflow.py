"""The CI workflow (.github/workflows/ci.yml) cannot run here; what it must be is checked on its text: read-only
token, every action pinned by commit SHA, .ci/run, and the client on each Python its metadata claims and on its
declared dependency floors."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from ..conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"
_PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def workflow() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return document


def steps() -> list[dict[str, Any]]:
    return [step for job in workflow()["jobs"].values() for step in job["steps"]]


def test_the_token_is_read_only_everywhere() -> None:
    assert workflow()["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow()["jobs"].values())


def test_every_action_is_pinned_by_commit_sha_with_its_version_in_a_comment() -> None:
    used = [step["uses"] for step in steps() if "uses" in step]
    assert used and all(_PINNED.match(action) for action in used), used
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert all(re.search(r"@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*$", line) for line in lines), lines
    assert all(
        step.get("with", {}).get("persist-credentials") is False
        for step in steps()
        if "checkout" in step.get("uses", "")
    )


def test_a_job_runs_the_ci_script() -> None:
    assert any(step.get("run") == "bash .ci/run" for step in steps())


def test_the_client_runs_on_every_python_it_claims_and_on_its_floors() -> None:
    pyproject = tomllib.loads((REPO / "generated" / "sequence-api-client" / "pyproject.toml").read_text())
    claimed = sorted(
        c.rsplit(" ", 1)[-1] for c in pyproject["project"]["classifiers"] if re.fullmatch(r".*Python :: 3\.\d+", c)
    )
    client = workflow()["jobs"]["client"]
    matrix = client["strategy"]["matrix"]
    assert sorted(matrix["python"]) == claimed == ["3.11", "3.12", "3.13"]
    assert {"python": "3.11", "deps": "floors"} in matrix["include"]
    run = " ".join(step.get("run", "") for step in client["steps"])
    assert "make test-wheels WHEEL_DEPS=${{ matrix.deps }} WHEEL_PYTHON=python${{ matrix.python }}" in run
