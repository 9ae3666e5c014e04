"""The toolkit as users install it: its wheel in a fresh virtual environment outside the repo runs
``sequence-sandbox``, ``sequence-contract --url … --keys …`` and the pytest fixture, reading the bundled spec
shipped as package data (no checkout anywhere on the path)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sequence_toolkit.contract.sandbox_target import free_port, wait_up

from ..conftest import REPO

UV = REPO / ".tools" / "bin" / "uv"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv outside the repo with the locked dependencies and the toolkit's wheel (built offline)."""
    root = tmp_path_factory.mktemp("installed")
    env = {**os.environ, "UV_NO_CONFIG": "1", "UV_PYTHON_DOWNLOADS": "never"}

    def uv(*args: str) -> None:
        done = subprocess.run([str(UV), *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"uv {' '.join(args)}: {done.stderr[-2000:]}"

    uv(
        "build",
        "--wheel",
        "--no-build-isolation",
        "--offline",
        "--python",
        sys.executable,
        "-o",
        str(root / "dist"),
        str(REPO),
    )
    uv("venv", "--quiet", "--python", sys.executable, str(root / "venv"))
    python = root / "venv" / "bin" / "python"
    uv(
        "pip",
        "sync",
        "--quiet",
        "--offline",
        "--require-hashes",
        "--python",
        str(python),
        str(REPO / "requirements" / "lock.txt"),
    )
    wheel = next((root / "dist").glob("sequence_toolkit-*.whl"))
    uv("pip", "install", "--quiet", "--offline", "--no-deps", "--python", str(python), str(wheel))
    return root


def test_the_wheel_installs_importable_top_level_packages(installed: Path, bundled: dict[str, Any]) -> None:
    """Every top-level folder of the wheel is a package that imports from the venv (the client once sat under
    ``sequence-api-client/sequence_api_client/``, where no import reaches it); the metadata names the spec's license."""
    wheel = next((installed / "dist").glob("sequence_toolkit-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode().splitlines()
    tops = sorted({n.split("/")[0] for n in names if "/" in n and not n.split("/")[0].endswith(".dist-info")})
    assert tops == ["sequence_api_client", "sequence_api_models", "sequence_toolchain", "sequence_toolkit"]
    assert f"License-Expression: {bundled['info']['license']['identifier']}" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    show = "import importlib, sys\nfor name in sys.argv[1:]: print(importlib.import_module(name).__file__)"
    imported = subprocess.run(
        [str(installed / "venv" / "bin" / "python"), "-I", "-c", show, *tops],
        cwd=installed, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    files = imported.stdout.split()
    assert len(files) == len(tops) and all(f.startswith(str(installed / "venv")) for f in files), files


def test_the_installed_cli_and_fixture_test_a_server(installed: Path) -> None:
    bin_dir = installed / "venv" / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    work = installed / "work"
    work.mkdir()
    port = free_port()
    sandbox = subprocess.Popen(
        [str(bin_dir / "sequence-sandbox"), "--db", "db", "--keys", "keys.yaml", "serve", "--port", str(port),
         "--rate-limit", "0", "--settle-delay", "0.05"],
        cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_up(url + "/accounts", sandbox)
        where = subprocess.run(
            [str(bin_dir / "python"), "-c", "import sequence_toolkit.spec as s; print(s.bundled_spec_path())"],
            cwd=work, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert str(installed / "venv") in where.stdout and str(REPO) not in where.stdout
        cli = subprocess.run(
            [str(bin_dir / "sequence-contract"), "--url", url, "--keys", "keys.yaml", "--phases", "kit,examples",
             "--operations", "getAccount,listAccounts", "--max-examples", "3", "--report", "junit.xml"],
            cwd=work, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert cli.returncode == 0, cli.stdout + cli.stderr
        assert "all checks passed" in cli.stdout and (work / "junit.xml").is_file()
        (work / "test_server.py").write_text(
            textwrap.dedent(f"""
            pytest_plugins = ["sequence_toolkit.contract.pytest_plugin"]

            def test_contract(sequence_contract):
                result = sequence_contract(url="{url}", keys="keys.yaml", phases=("kit",), checks=("scope",))
                result.raise_for_failures()
                assert result.record.statuses["getCard"]["4xx"] > 0
            """)
        )
        fixture = subprocess.run(
            [str(bin_dir / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_server.py"],
            cwd=work, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert fixture.returncode == 0, fixture.stdout + fixture.stderr
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
