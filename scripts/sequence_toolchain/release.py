"""``make build`` and ``make publish``: the client's sdist and wheel, and their upload.

The version is the spec's ``info.version`` (openapi-python-client writes it into the client's
pyproject). The build uses the backend built into the uv pinned in ``requirements/bootstrap.txt``,
offline. Publishing refuses, before any upload: no repository given, a client or a ``dist/``
stale against the spec, and a version the repository already has.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from sequence_toolkit.spec import load_document

from .generate import is_up_to_date
from .layout import BUNDLE_NAME, CLIENT_DIR, CLIENT_PACKAGE, GENERATED, REPO

DIST = REPO / "dist"
UV = REPO / ".tools" / "bin" / "uv"
PROJECT_NAME = "sequence-api-client"
_HREF = re.compile(r'href="([^"]+)"')


class ReleaseError(Exception):
    """Why nothing was built or uploaded; the message says what to do."""


@dataclass(frozen=True)
class Artifacts:
    version: str
    wheel: Path
    sdist: Path


def spec_version(generated: Path = GENERATED) -> str:
    return str(load_document(generated / BUNDLE_NAME)["info"]["version"])


def dist_name(version: str) -> str:
    return f"{PROJECT_NAME.replace('-', '_')}-{version}"


def _require_fresh_client(generated: Path) -> None:
    if not is_up_to_date(generated):
        raise ReleaseError(f"{generated.name}/ is stale against the spec: run `make generate` (and commit it) first")


def build(dist: Path = DIST, generated: Path = GENERATED, uv: Path = UV) -> Artifacts:
    """Build the client's sdist and wheel into ``dist`` (emptied first)."""
    _require_fresh_client(generated)
    version = spec_version(generated)
    shutil.rmtree(dist, ignore_errors=True)
    command = [str(uv), "build", "--no-index", "--quiet", "--out-dir", str(dist), str(generated / CLIENT_DIR)]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise ReleaseError(f"uv build failed (exit {run.returncode}):\n{run.stderr.strip()}")
    return artifacts(dist, version)


def artifacts(dist: Path, version: str) -> Artifacts:
    """The wheel and sdist of ``version`` in ``dist``; an error naming what is missing or extra."""
    stem = dist_name(version)
    wheel, sdist = dist / f"{stem}-py3-none-any.whl", dist / f"{stem}.tar.gz"
    missing = [p.name for p in (wheel, sdist) if not p.is_file()]
    if missing:
        raise ReleaseError(f"{dist} has no {', '.join(missing)} for version {version}: run `make build`")
    others = sorted(p.name for p in dist.iterdir() if p not in (wheel, sdist) and not p.name.startswith("."))
    if others:
        raise ReleaseError(f"{dist} also holds {', '.join(others)}: run `make build`, which empties it first")
    return Artifacts(version, wheel, sdist)


def stale_files(wheel: Path, package: Path) -> list[str]:
    """Files of the generated package that differ from (or are missing in) the wheel, and the reverse."""
    expected = {
        p.relative_to(package.parent).as_posix(): p.read_bytes()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith(package.name + "/") and not name.endswith("/")
        }
    return sorted(name for name in expected.keys() | shipped.keys() if expected.get(name) != shipped.get(name))


def published_files(index_url: str, timeout: float = 30.0) -> list[str]:
    """The file names the index (PEP 503 simple API) lists for the client; [] if it has none."""
    url = f"{index_url.rstrip('/')}/{PROJECT_NAME}/"
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
    except httpx.HTTPError as exc:
        raise ReleaseError(f"cannot read {url} to check for an existing version ({exc}); set INDEX_URL") from exc
    if response.status_code == 404:
        return []
    if response.status_code != 200:
        raise ReleaseError(f"{url} answered {response.status_code}; cannot check for an existing version")
    return [href.split("#")[0].rsplit("/", 1)[-1] for href in _HREF.findall(response.text)]


def publish(
    repository_url: str | None,
    index_url: str | None = None,
    dist: Path = DIST,
    generated: Path = GENERATED,
    uv: Path = UV,
) -> Artifacts:
    """Upload ``dist`` to ``repository_url`` after every refusal check has passed."""
    if not repository_url:
        raise ReleaseError(
            "no repository: run `make publish REPOSITORY_URL=<upload URL>` (credentials from UV_PUBLISH_USERNAME"
            " and UV_PUBLISH_PASSWORD, or UV_PUBLISH_TOKEN); nothing is uploaded by default"
        )
    _require_fresh_client(generated)
    built = artifacts(dist, spec_version(generated))
    stale = stale_files(built.wheel, generated / CLIENT_DIR / CLIENT_PACKAGE)
    if stale:
        raise ReleaseError(f"{built.wheel.name} differs from generated/ ({', '.join(stale[:5])}): run `make build`")
    index = index_url or repository_url.rstrip("/") + "/simple/"
    stem = dist_name(built.version)
    existing = [name for name in published_files(index) if name.startswith(stem + "-") or name == stem + ".tar.gz"]
    if existing:
        raise ReleaseError(
            f"{PROJECT_NAME} {built.version} already exists at {index} ({', '.join(existing)}): "
            "bump info.version in openapi/sequence.yaml, then `make generate build`"
        )
    command = [str(uv), "publish", "--publish-url", repository_url, str(built.wheel), str(built.sdist)]
    run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "UV_NO_CONFIG": "1"})
    if run.returncode != 0:
        raise ReleaseError(f"uv publish failed (exit {run.returncode}):\n{run.stderr.strip()}")
    return built
