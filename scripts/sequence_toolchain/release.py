"""``make build`` and ``make publish``: the client's and the models' sdists and wheels, and their upload.

The version is the spec's ``info.version`` (openapi-python-client writes it into the client's
pyproject; ``models_dist`` renders it into the models'). ``dist/`` holds the client
(``sequence-api-client``), ``dist/models/`` the pydantic models (``sequence-api-models``); each is
built with the backend built into the uv pinned in ``requirements/bootstrap.txt``, offline.
Publishing refuses, before any upload: no repository given, a client or a ``dist/`` stale against
the spec, and a version the repository already has.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from sequence_toolkit.spec import load_document

from . import models_dist
from .generate import is_up_to_date
from .layout import BUNDLE_NAME, CLIENT_DIR, CLIENT_PACKAGE, GENERATED, MODELS_DIR, REPO

DIST = REPO / "dist"
MODELS_SUBDIR = "models"  # dist/models/: sequence-api-models
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
    project: str = PROJECT_NAME


def spec_version(generated: Path = GENERATED) -> str:
    return str(load_document(generated / BUNDLE_NAME)["info"]["version"])


def dist_name(version: str, project: str = PROJECT_NAME) -> str:
    return f"{project.replace('-', '_')}-{version}"


def _require_fresh_client(generated: Path) -> None:
    if not is_up_to_date(generated):
        raise ReleaseError(f"{generated.name}/ is stale against the spec: run `make generate` (and commit it) first")


def _uv_build(project: Path, dist: Path, uv: Path) -> None:
    command = [str(uv), "build", "--no-index", "--quiet", "--out-dir", str(dist), str(project)]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise ReleaseError(f"uv build of {project.name} failed (exit {run.returncode}):\n{run.stderr.strip()}")


def build(dist: Path = DIST, generated: Path = GENERATED, uv: Path = UV) -> Artifacts:
    """Build the client's sdist and wheel into ``dist`` (emptied first)."""
    _require_fresh_client(generated)
    version = spec_version(generated)
    shutil.rmtree(dist, ignore_errors=True)
    _uv_build(generated / CLIENT_DIR, dist, uv)
    return artifacts(dist, version)


def build_models(dist: Path = DIST / MODELS_SUBDIR, generated: Path = GENERATED, uv: Path = UV) -> Artifacts:
    """Build ``sequence-api-models`` (the pydantic models, version = ``info.version``) into ``dist`` (emptied first)."""
    _require_fresh_client(generated)
    version = spec_version(generated)
    shutil.rmtree(dist, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="sequence-api-models-") as work:
        try:
            project = models_dist.assemble_models(version, generated, Path(work) / models_dist.PROJECT_NAME)
        except models_dist.ModelsProjectError as exc:
            raise ReleaseError(str(exc)) from exc
        _uv_build(project, dist, uv)
    return artifacts(dist, version, models_dist.PROJECT_NAME)


def artifacts(dist: Path, version: str, project: str = PROJECT_NAME) -> Artifacts:
    """The wheel and sdist of ``project`` ``version`` in ``dist``; an error naming what is missing or extra.

    Folders (``dist/models/``, ``dist/toolkit/``) hold other distributions and are not extra files.
    """
    stem = dist_name(version, project)
    wheel, sdist = dist / f"{stem}-py3-none-any.whl", dist / f"{stem}.tar.gz"
    missing = [p.name for p in (wheel, sdist) if not p.is_file()]
    if missing:
        raise ReleaseError(f"{dist} has no {', '.join(missing)} for version {version}: run `make build`")
    others = sorted(
        p.name for p in dist.iterdir() if p not in (wheel, sdist) and p.is_file() and not p.name.startswith(".")
    )
    if others:
        raise ReleaseError(f"{dist} also holds {', '.join(others)}: run `make build`, which empties it first")
    return Artifacts(version, wheel, sdist, project)


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


def published_files(index_url: str, project: str = PROJECT_NAME, timeout: float = 30.0) -> list[str]:
    """The file names the index (PEP 503 simple API) lists for ``project``; [] if it has none."""
    url = f"{index_url.rstrip('/')}/{project}/"
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
    except httpx.HTTPError as exc:
        raise ReleaseError(f"cannot read {url} to check for an existing version ({exc}); set INDEX_URL") from exc
    if response.status_code == 404:
        return []
    if response.status_code != 200:
        raise ReleaseError(f"{url} answered {response.status_code}; cannot check for an existing version")
    return [href.split("#")[0].rsplit("/", 1)[-1] for href in _HREF.findall(response.text)]


def _fresh_artifacts(dist: Path, generated: Path) -> list[Artifacts]:
    """The client's and the models' artifacts in ``dist``, each checked against its package in ``generated``."""
    version = spec_version(generated)
    wanted = [
        (dist, PROJECT_NAME, generated / CLIENT_DIR / CLIENT_PACKAGE),
        (dist / MODELS_SUBDIR, models_dist.PROJECT_NAME, generated / MODELS_DIR),
    ]
    found = []
    for folder, project, package in wanted:
        built = artifacts(folder, version, project)
        stale = stale_files(built.wheel, package)
        if stale:
            raise ReleaseError(f"{built.wheel.name} differs from generated/ ({', '.join(stale[:5])}): run `make build`")
        found.append(built)
    return found


def publish(
    repository_url: str | None,
    index_url: str | None = None,
    dist: Path = DIST,
    generated: Path = GENERATED,
    uv: Path = UV,
) -> list[Artifacts]:
    """Upload the client and the models from ``dist`` to ``repository_url`` after every refusal check has passed."""
    if not repository_url:
        raise ReleaseError(
            "no repository: run `make publish REPOSITORY_URL=<upload URL>` (credentials from UV_PUBLISH_USERNAME"
            " and UV_PUBLISH_PASSWORD, or UV_PUBLISH_TOKEN); nothing is uploaded by default"
        )
    _require_fresh_client(generated)
    releases = _fresh_artifacts(dist, generated)
    index = index_url or repository_url.rstrip("/") + "/simple/"
    for built in releases:
        stem = dist_name(built.version, built.project)
        listed = published_files(index, built.project)
        existing = [name for name in listed if name.startswith(stem + "-") or name == stem + ".tar.gz"]
        if existing:
            raise ReleaseError(
                f"{built.project} {built.version} already exists at {index} ({', '.join(existing)}): "
                "bump info.version in openapi/sequence.yaml, then `make generate build`"
            )
    files = [str(path) for built in releases for path in (built.wheel, built.sdist)]
    command = [str(uv), "publish", "--publish-url", repository_url, *files]
    run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "UV_NO_CONFIG": "1"})
    if run.returncode != 0:
        raise ReleaseError(f"uv publish failed (exit {run.returncode}):\n{run.stderr.strip()}")
    return releases
