"""``sequence-api-models``: the generated pydantic models as their own project, for server implementors.

``assemble_models`` lays the project out in a folder: a copy of ``generated/sequence_api_models``, the
repository's ``LICENSE``, and ``pyproject.toml`` and ``README.md`` rendered from ``client/models/distribution/``
with the spec's ``info.version``. ``release.build_models`` builds it (``make build``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2  # openapi-python-client's own dependency

from .layout import MODELS_DIR, REPO

PROJECT_NAME = "sequence-api-models"
TEMPLATES = REPO / "client" / "models" / "distribution"
LICENSE = REPO / "LICENSE"
RENDERED = ("pyproject.toml", "README.md")
#: the oldest pydantic the models declare; make test-client-floors installs exactly this one
PYDANTIC_FLOOR = "2.11.0"


class ModelsProjectError(Exception):
    """Why the project could not be laid out; the message names the missing file."""


def render(version: str, templates: Path = TEMPLATES) -> dict[str, str]:
    """The project's ``pyproject.toml`` and ``README.md``, by file name."""
    missing = [f"{name}.jinja" for name in RENDERED if not (templates / f"{name}.jinja").is_file()]
    if missing:
        raise ModelsProjectError(f"{templates} has no {', '.join(missing)}")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    context = {"version": version, "pydantic_floor": PYDANTIC_FLOOR}
    return {name: environment.get_template(f"{name}.jinja").render(**context) for name in RENDERED}


def assemble_models(version: str, generated: Path, target: Path) -> Path:
    """Lay out the ``sequence-api-models`` project of ``version`` in ``target`` (which must not exist)."""
    package = generated / MODELS_DIR
    if not (package / "__init__.py").is_file():
        raise ModelsProjectError(f"{package} is not the generated models package: run `make generate`")
    files = render(version)
    shutil.copytree(package, target / MODELS_DIR, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copyfile(LICENSE, target / LICENSE.name)
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return target
