"""make build / make publish: a real local index (pypiserver on loopback), a real upload with uv,
a real pip install into a fresh virtual environment, and the installed client used on the sandbox."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sequence_toolchain import release

from sequence_toolkit.contract.sandbox_target import free_port, wait_up

from ..conftest import REPO
from ..sandbox_server import run_sandbox

pytestmark = pytest.mark.skipif(not release.UV.is_file(), reason="needs the bootstrapped uv (make env)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> release.Artifacts:
    """``make build``'s client into dist/, and its models into dist/models/."""
    dist = tmp_path_factory.mktemp("release") / "dist"
    client = release.build(dist=dist)
    release.build_models(dist=dist / release.MODELS_SUBDIR)
    return client


def wheel_metadata(wheel: Path) -> tuple[set[str], str]:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        return names, archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """pypiserver on a free loopback port, uploads without authentication."""
    packages = tmp_path_factory.mktemp("packages")
    port = free_port()
    command = [sys.executable, "-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", str(port), "-a", ".", "-P", "."]
    process = subprocess.Popen([*command, str(packages)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_up(url + "simple/", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_build_makes_a_wheel_and_sdist_versioned_from_the_spec(built: release.Artifacts) -> None:
    assert built.version == release.spec_version()
    assert built.wheel.name == f"sequence_api_client-{built.version}-py3-none-any.whl"
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(f"sequence_api_client-{built.version}.dist-info/METADATA").decode()
    assert {
        "sequence_api_client/py.typed",
        "sequence_api_client/_runtime/__init__.py",
        "sequence_api_client/errors.py",
    } <= names
    assert f"Version: {built.version}" in metadata and "## Transfers" in metadata  # the client README ships
    assert release.stale_files(built.wheel, REPO / "generated" / "sequence-api-client" / "sequence_api_client") == []
    assert "CHANGELOG.md" in subprocess.run(["tar", "tzf", built.sdist], capture_output=True, text=True).stdout


def test_every_distribution_carries_the_specs_license(built: release.Artifacts, bundled: dict[str, Any]) -> None:
    info = bundled["info"]
    license_text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert license_text.splitlines()[0] == info["license"]["name"]  # the LICENSE file is the license the spec names
    models = release.artifacts(built.wheel.parent / release.MODELS_SUBDIR, built.version, "sequence-api-models")
    for artifacts in (built, models):
        _, metadata = wheel_metadata(artifacts.wheel)
        stem = release.dist_name(artifacts.version, artifacts.project)
        assert f"License-Expression: {info['license']['identifier']}" in metadata.splitlines(), artifacts.project
        assert f"Project-URL: Homepage, {info['contact']['url']}" in metadata.splitlines(), artifacts.project
        assert "Classifier: Programming Language :: Python :: 3.13" in metadata.splitlines(), artifacts.project
        with zipfile.ZipFile(artifacts.wheel) as wheel:
            assert wheel.read(f"{stem}.dist-info/licenses/LICENSE").decode() == license_text
        with tarfile.open(artifacts.sdist) as sdist:
            shipped = sdist.extractfile(f"{stem}/LICENSE")
            assert shipped is not None and shipped.read().decode() == license_text


def test_the_changelog_ships_in_the_client_wheel_and_sdist(built: release.Artifacts) -> None:
    changelog = (REPO / "client" / "CHANGELOG.md").read_text(encoding="utf-8")
    with zipfile.ZipFile(built.wheel) as wheel:
        assert wheel.read("sequence_api_client/CHANGELOG.md").decode() == changelog
    with tarfile.open(built.sdist) as sdist:
        shipped = sdist.extractfile(f"{release.dist_name(built.version)}/sequence_api_client/CHANGELOG.md")
        assert shipped is not None and shipped.read().decode() == changelog


def test_build_makes_the_models_distribution_versioned_from_the_spec(
    built: release.Artifacts, bundled: dict[str, Any]
) -> None:
    models = release.artifacts(
        built.wheel.parent / release.MODELS_SUBDIR, bundled["info"]["version"], "sequence-api-models"
    )
    names, metadata = wheel_metadata(models.wheel)
    assert models.wheel.name == f"sequence_api_models-{bundled['info']['version']}-py3-none-any.whl"
    assert "Name: sequence-api-models" in metadata.splitlines()
    assert any(line.startswith("Requires-Dist: pydantic>=2") for line in metadata.splitlines())
    assert {"sequence_api_models/__init__.py", "sequence_api_models/py.typed"} <= names
    assert not any(name.startswith(("sequence_api_client/", "sequence_toolkit/")) for name in names)
    assert release.stale_files(models.wheel, REPO / "generated" / "sequence_api_models") == []


def test_other_distributions_in_dist_subfolders_are_not_extra_files(built: release.Artifacts, tmp_path: Path) -> None:
    """make build writes the toolkit's wheel into dist/toolkit/ and the models into dist/models/: publish takes them."""
    dist = tmp_path / "dist"
    shutil.copytree(built.wheel.parent, dist)
    (dist / "toolkit").mkdir()
    (dist / "toolkit" / "sequence_toolkit-0.1.0-py3-none-any.whl").write_bytes(b"")
    assert release.artifacts(dist, built.version).wheel == dist / built.wheel.name
    (dist / "stray.whl").write_bytes(b"")
    with pytest.raises(release.ReleaseError, match=r"also holds stray\.whl"):
        release.artifacts(dist, built.version)


def test_publish_refuses_without_a_repository(built: release.Artifacts) -> None:
    with pytest.raises(release.ReleaseError, match=r"no repository.*nothing is uploaded"):
        release.publish(None, dist=built.wheel.parent)


def test_publish_refuses_a_stale_dist(built: release.Artifacts, tmp_path: Path, index: str) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(built.wheel.parent, dist)
    wheel = dist / built.wheel.name
    with zipfile.ZipFile(built.wheel) as source, zipfile.ZipFile(wheel, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data + b"# edited\n" if item.filename.endswith("_runtime/_retry.py") else data)
    with pytest.raises(
        release.ReleaseError, match=r"differs from generated/ \(sequence_api_client/_runtime/_retry.py\)"
    ):
        release.publish(index, dist=dist)
    wheel.unlink()
    with pytest.raises(release.ReleaseError, match="run `make build`"):
        release.publish(index, dist=dist)


def test_publish_then_pip_install_from_the_index_and_use_it(
    built: release.Artifacts, index: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UV_PUBLISH_USERNAME", "ci")  # the index accepts any; uv wants some
    monkeypatch.setenv("UV_PUBLISH_PASSWORD", "ci")
    uploaded = release.publish(index, dist=built.wheel.parent)
    assert [a.project for a in uploaded] == ["sequence-api-client", "sequence-api-models"]
    models = uploaded[1]
    assert set(release.published_files(index + "simple/", models.project)) == {models.wheel.name, models.sdist.name}
    with pytest.raises(release.ReleaseError, match=f"{built.version} already exists"):
        release.publish(index, dist=built.wheel.parent)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    target_site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], capture_output=True, text=True
    ).stdout.strip()
    # the client's dependencies (httpx, attrs) come from the toolkit's environment, so no other index is needed;
    # the client itself can only come from the local index
    Path(target_site, "toolkit_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--disable-pip-version-check",
         "--no-cache-dir", "--index-url", index + "simple/", f"sequence-api-client=={built.version}"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr

    (tmp_path / "sandbox").mkdir()
    with run_sandbox(tmp_path / "sandbox") as sandbox:
        script = textwrap.dedent(
            """
            import sequence_api_client, sys
            from sequence_api_client import Sequence
            assert sequence_api_client.__file__.startswith(sys.prefix), sequence_api_client.__file__
            with Sequence() as client:
                print(sorted(a.id for a in client.list_accounts(first=2))[0])
            """
        )
        env = {"SEQUENCE_API_KEY": sandbox.keys["full_access"], "SEQUENCE_BASE_URL": sandbox.base_url}
        used = subprocess.run([python, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert used.returncode == 0, used.stderr
    assert used.stdout.strip().startswith("acc_")


def test_make_publish_without_repository_exits_2() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "sequence_toolchain", "publish"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={k: v for k, v in os.environ.items() if k != "REPOSITORY_URL"},
    )
    assert run.returncode == 2 and "REPOSITORY_URL" in run.stderr
