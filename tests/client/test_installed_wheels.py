"""The client's and the models' wheels as users install them: built by ``make build``'s code, installed in a fresh
venv outside the repository with nothing else on its path (no toolkit, no checkout), the client used against a
sandbox over loopback and the models on the seeds' bodies.

Which dependency versions they get, ``SEQUENCE_WHEEL_DEPS``:

- ``lock`` (the default, in ``make test``): those of ``requirements/lock.txt``, offline from uv's cache;
- ``floors`` (``make test-client-floors``): ``requirements/client-floors.txt``, exactly the declared floors
  (hash-pinned), from the package index;
- ``latest`` (CI's Python matrix): the newest the wheels' declared ranges allow, from the package index.

``SEQUENCE_WHEEL_PYTHON`` names the venv's interpreter (default: the one running the tests).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sequence_toolchain import release

from ..conftest import REPO, SEED_ACCOUNT, SEED_CARD, SEED_FACTS
from ..sandbox_server import run_sandbox

pytestmark = pytest.mark.skipif(not release.UV.is_file(), reason="needs the bootstrapped uv (make env)")

INSTALLED = Path(__file__).parent / "installed"
FLOORS = REPO / "requirements" / "client-floors.txt"
LOCK = REPO / "requirements" / "lock.txt"
MODES = ("lock", "floors", "latest")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
_FLOOR = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\(\s*)?>=\s*([0-9][^,;\s)]*)")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class LockEntry:
    version: str
    text: str  # the entry as written, hashes included
    via: frozenset[str]  # the packages that need it


def lock_entries(lock: Path) -> dict[str, LockEntry]:
    """The entries of a ``uv pip compile`` output, by normalized name, with their ``# via`` annotations."""
    entries: dict[str, LockEntry] = {}
    name, version = "", ""
    lines: list[str] = []
    via: set[str] = set()

    def close() -> None:
        if name:
            entries[name] = LockEntry(version, "\n".join(lines) + "\n", frozenset(via))

    for line in lock.read_text(encoding="utf-8").splitlines():
        pin = _PIN.match(line)
        if pin:
            close()
            name, version, lines, via = normalized(pin.group(1)), pin.group(2), [line], set()
        elif line.startswith("    --hash") and name:
            lines.append(line)
        elif line.strip().startswith("#") and name:
            needed_by = line.strip().lstrip("#").strip().removeprefix("via").strip()
            if needed_by:
                via.add(normalized(needed_by.split(" ")[0]))
    close()
    return entries


def closure(entries: dict[str, LockEntry], roots: set[str]) -> set[str]:
    """``roots`` and everything the lock says they need, transitively."""
    needed = {normalized(r) for r in roots}
    while True:
        more = {name for name, entry in entries.items() if name not in needed and entry.via & needed}
        if not more:
            return needed
        needed |= more


def declared_floors(wheel: Path) -> dict[str, str]:
    """``name -> lowest version`` of every ``Requires-Dist: name>=X`` in the wheel's metadata."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        lines = archive.read(metadata).decode().splitlines()
    requirements = (line.removeprefix("Requires-Dist:").strip() for line in lines if line.startswith("Requires-Dist:"))
    return {normalized(m.group(1)): m.group(2) for m in map(_FLOOR.match, requirements) if m}


@dataclass(frozen=True)
class Installed:
    mode: str
    python: Path
    wheels: list[Path]
    expected: dict[str, str]  # name -> the version the mode must have installed ({} for latest)


def _uv(*args: str, cwd: Path) -> None:
    env = {**os.environ, "UV_NO_CONFIG": "1", "UV_PYTHON_DOWNLOADS": "never"}
    done = subprocess.run([str(release.UV), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"uv {' '.join(args)}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    mode = os.environ.get("SEQUENCE_WHEEL_DEPS", "lock")
    assert mode in MODES, f"SEQUENCE_WHEEL_DEPS={mode!r}: expected one of {', '.join(MODES)}"
    root = tmp_path_factory.mktemp("wheels")
    client = release.build(dist=root / "dist")
    models = release.build_models(dist=root / "dist" / "models")
    wheels = [client.wheel, models.wheel]
    _uv("venv", "--quiet", "--python", os.environ.get("SEQUENCE_WHEEL_PYTHON") or sys.executable, "venv", cwd=root)
    python = root / "venv" / "bin" / "python"
    expected: dict[str, str] = {}
    if mode == "latest":
        _uv("pip", "install", "--quiet", "--python", str(python), *map(str, wheels), cwd=root)
        return Installed(mode, python, wheels, expected)
    if mode == "floors":
        requirements = FLOORS
        expected = {name: entry.version for name, entry in lock_entries(FLOORS).items()}
    else:
        entries = lock_entries(LOCK)
        needed = closure(entries, {name for wheel in wheels for name in declared_floors(wheel)})
        requirements = root / "requirements.txt"
        requirements.write_text("".join(entries[name].text for name in sorted(needed)), encoding="utf-8")
        expected = {name: entries[name].version for name in needed}
    offline = ["--offline"] if mode == "lock" else []
    _uv("pip", "sync", "--quiet", *offline, "--require-hashes", "--python", str(python), str(requirements), cwd=root)
    _uv("pip", "install", "--quiet", "--offline", "--no-deps", "--python", str(python), *map(str, wheels), cwd=root)
    _uv("pip", "check", "--quiet", "--python", str(python), cwd=root)  # the declared ranges hold these versions
    return Installed(mode, python, wheels, expected)


def run_in_venv(installed: Installed, script: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(
        [str(installed.python), "-I", str(INSTALLED / script), *args],
        cwd=installed.python.parents[2], env={**clean, **(env or {})}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_the_floors_file_pins_exactly_the_declared_floors(installed: Installed) -> None:
    declared = {name: floor for wheel in installed.wheels for name, floor in declared_floors(wheel).items()}
    assert set(declared) == {"httpx", "attrs", "pydantic"}  # the client's two and the models' one
    pinned = {name: entry.version for name, entry in lock_entries(FLOORS).items()}
    assert {name: pinned.get(name) for name in declared} == declared, "run `make lock` after changing a floor"


def test_the_installed_client_works_against_the_sandbox(installed: Installed, tmp_path: Path) -> None:
    with run_sandbox(tmp_path) as sandbox:
        env = {
            "SEQUENCE_BASE_URL": sandbox.base_url,
            "SEQUENCE_API_KEY": sandbox.keys["full_access"],
            "SEQUENCE_NO_PERMISSIONS_KEY": sandbox.keys["no_permissions"],
        }
        seeds = (str(SEED_FACTS / f"{name}.json") for name in (SEED_ACCOUNT, SEED_CARD))
        report = run_in_venv(installed, "client_smoke.py", *seeds, env=env)
    assert report["client"].startswith(str(installed.python.parents[1])), report["client"]
    assert report["versions"]["sequence-api-client"] == release.spec_version()
    for name in ("httpx", "attrs"):
        assert report["versions"][name] == installed.expected.get(name, report["versions"][name]), name


def test_the_installed_models_validate_the_seed_bodies(installed: Installed) -> None:
    # the seeds' success bodies are the 200 responses of getAccount and getCard
    schemas = {SEED_ACCOUNT: "AccountResponse", SEED_CARD: "CardResponse"}
    report = run_in_venv(installed, "models_smoke.py", *(f"{s}={SEED_FACTS / f'{n}.json'}" for n, s in schemas.items()))
    assert report["models"].startswith(str(installed.python.parents[1])), report["models"]
    assert report["versions"]["sequence-api-models"] == release.spec_version()
    assert report["versions"]["pydantic"] == installed.expected.get("pydantic", report["versions"]["pydantic"])
