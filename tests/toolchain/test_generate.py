"""make generate: in sync with the spec, deterministic, and all-or-nothing."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from sequence_toolchain import generate as gen
from sequence_toolchain import generators
from sequence_toolchain.layout import CLIENT_DIR, MODELS_DIR

from ..conftest import REPO, SPEC_DIR


def tree_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def diff_trees(a: Path, b: Path) -> list[str]:
    left, right = tree_files(a), tree_files(b)
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("regen") / "generated"
    assert gen.generate(force=True, output=output) == 0
    return output


def test_committed_generated_code_matches_the_spec(regenerated: Path) -> None:
    changed = diff_trees(REPO / "generated", regenerated)
    assert not changed, f"generated/ is stale: run `make generate` and commit. Differs: {changed[:10]}"


def test_two_generations_are_byte_identical(regenerated: Path, tmp_path: Path) -> None:
    again = tmp_path / "generated"
    assert gen.generate(force=True, output=again) == 0
    assert diff_trees(regenerated, again) == []


def test_nothing_changed_means_no_work(regenerated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.stat().st_mtime_ns for p in regenerated.rglob("*")}
    assert gen.generate(output=regenerated) == 0
    assert "up to date" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in regenerated.rglob("*")} == before


def test_invalid_spec_leaves_generated_untouched(
    regenerated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "generated"
    shutil.copytree(regenerated, output)
    (output / gen.DIGEST_NAME).write_text("stale\n")  # so generate does not skip
    spec = tmp_path / "openapi"
    shutil.copytree(SPEC_DIR, spec)
    cards = spec / "components" / "schemas" / "cards.yaml"
    cards.write_text(cards.read_text().replace("    description: The name on the card.\n", "    nullable: true\n"))

    assert gen.generate(output=output, spec_root=spec / "sequence.yaml") == 1

    err = capsys.readouterr().err
    assert "cards.yaml" in err and "[nullable]" in err and "left unchanged" in err
    assert not (tmp_path / "docs.staging").exists()
    (output / gen.DIGEST_NAME).write_text((regenerated / gen.DIGEST_NAME).read_text())
    assert diff_trees(regenerated, output) == []
    assert not output.with_name("generated.staging").exists()


def test_generator_failure_leaves_generated_untouched(
    regenerated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "generated"
    shutil.copytree(regenerated, output)
    broken = tmp_path / "client.yaml"
    broken.write_text("literal_enums: [not, a, bool]\n")
    monkeypatch.setattr(generators, "CLIENT_CONFIG", broken)  # the real generator, given a bad config

    assert gen.generate(force=True, output=output) == 2  # the tool failed, not the spec

    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "tool failed: openapi-python-client failed" in err[0] and "left unchanged" in err[0]
    assert filecmp.dircmp(regenerated, output).diff_files == []
    assert diff_trees(regenerated, output) == []


def test_an_edit_redoes_only_the_outputs_it_changes(
    regenerated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An operation's description is not in the models: they are copied, the client regenerated,
    and the result is exactly what a full generate of the edited spec writes."""
    spec = tmp_path / "openapi"
    shutil.copytree(SPEC_DIR, spec)
    path = spec / "paths" / "accounts_id.yaml"
    path.write_text(path.read_text().replace("Returns the full account", "Returns the whole account", 1))
    output = tmp_path / "incremental" / "generated"
    shutil.copytree(regenerated, output)
    timings = gen.Timings()

    assert gen.generate(output=output, spec_root=spec / "sequence.yaml", timings=timings) == 0

    assert any("reused: models" in step for step in timings.steps), timings.steps
    full = tmp_path / "full" / "generated"
    assert gen.generate(force=True, output=full, spec_root=spec / "sequence.yaml") == 0
    assert diff_trees(output, full) == []
    changed = diff_trees(regenerated, output)
    assert "openapi.yaml" in changed and not any(name.startswith(MODELS_DIR) for name in changed)
    assert any(name.startswith(f"{CLIENT_DIR}/") for name in changed)


def test_ruff_formats_the_generated_code_not_what_is_added_to_it(tmp_path: Path) -> None:
    """The runtime is copied as written, and the parameters' docs are the spec's words: ruff, which runs
    before they are added, would write ``\\xAB`` as ``\\xab`` (as the generator's post hooks ran before)."""
    spec = tmp_path / "openapi"
    shutil.copytree(SPEC_DIR, spec)
    path = spec / "components" / "parameters.yaml"
    said = "Page size, the number of items to return (\\xAB, \\N{bullet})."
    path.write_text(path.read_text().replace("Page size, the number of items to return.", f"'{said}'", 1))
    output = tmp_path / "generated"

    assert gen.generate(force=True, output=output, spec_root=spec / "sequence.yaml") == 0

    package = output / CLIENT_DIR / "sequence_api_client"
    assert f"first: {said}\n" in (package / "api" / "__init__.py").read_text(encoding="utf-8")
    runtime = REPO / "client" / "runtime" / "sequence_api_client" / "_runtime"
    assert diff_trees(runtime, package / "_runtime") == []
