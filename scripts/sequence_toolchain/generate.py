"""Validate, bundle and generate: ``generated/`` is rebuilt whole, or left as it was.

Everything is built in a staging folder beside ``generated/`` and swapped in only
when every step succeeded. A digest of every input (spec, generator configs and
templates, the client's runtime, the lock file, this toolchain) is stored in ``generated/``; a run whose
inputs have that digest does nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .layout import BUNDLE_NAME, CLIENT_DIR, CLIENT_PACKAGE, DOC_NAMES, GENERATED, MODELS_DIR, REPO, SPEC_ROOT

if TYPE_CHECKING:  # the validators are slow to import; a no-op run never needs them
    from .bundle import Problem

CLIENT_SOURCES = REPO / "client"  # every hand-written input of the client (and the models' settings)
CLIENT_CONFIG = CLIENT_SOURCES / "generator.yaml"
CLIENT_TEMPLATES = CLIENT_SOURCES / "templates"
MODELS_CONFIG_DIR = CLIENT_SOURCES / "models"  # its pyproject.toml: datamodel-codegen reads no other file
MODELS_RUFF_CONFIG = CLIENT_SOURCES / "ruff-generated.toml"
DIGEST_NAME = ".inputs.sha256"

#: everything whose change can change the output
INPUTS = (
    "openapi",
    "client",
    "scripts/sequence_toolchain",
    "src/sequence_toolkit/permissions",
    "src/sequence_toolkit/spec.py",
    "requirements/lock.txt",
    "pyproject.toml",
    "LICENSE",
)


class GenerateError(Exception):
    pass


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    def record(self, name: str, started: float) -> None:
        self.steps[name] = time.perf_counter() - started


def _input_files(repo: Path) -> Iterator[Path]:
    for name in INPUTS:
        path = repo / name
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
        elif path.is_file():
            yield path


def inputs_digest(repo: Path = REPO) -> str:
    digest = hashlib.sha256()
    for path in _input_files(repo):
        digest.update(path.relative_to(repo).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_up_to_date(output: Path = GENERATED, digest: str | None = None) -> bool:
    stamp = output / DIGEST_NAME
    return stamp.is_file() and stamp.read_text().strip() == (digest or inputs_digest())


def _tool_env() -> dict[str, str]:
    # the generators' post hooks call ruff: find it beside this interpreter
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("RUFF_NO_CACHE", "true")
    return env


def _start_client(bundle_path: Path, out: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(bundle_path),
        "--config", str(CLIENT_CONFIG),
        "--custom-template-path", str(CLIENT_TEMPLATES),
        "--meta", "uv",
        "--output-path", str(out),
        "--overwrite",
        "--fail-on-warning",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=out.parent, env=_tool_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _start_models(bundle_path: Path, out: Path) -> subprocess.Popen[bytes]:
    out.mkdir(parents=True)
    (out / "py.typed").write_text("")
    # options live in client/models/pyproject.toml [tool.datamodel-codegen], found from the working directory
    command = [
        sys.executable, "-m", "datamodel_code_generator",
        "--input", str(bundle_path),
        "--output", str(out / "__init__.py"),
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=MODELS_CONFIG_DIR, env=_tool_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def _finish(name: str, process: subprocess.Popen[bytes]) -> str | None:
    output, _ = process.communicate()
    if process.returncode != 0:
        return f"{name} failed (exit {process.returncode}):\n{output.decode(errors='replace').strip()}"
    return None


def _format(out: Path) -> str | None:
    ruff = [str(Path(sys.executable).parent / "ruff"), "--config", str(MODELS_RUFF_CONFIG), "--no-cache", "--quiet"]
    for command in ([ruff[0], "check", "--fix-only", *ruff[1:], str(out)], [ruff[0], "format", *ruff[1:], str(out)]):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        failure = _finish(f"ruff on {out.name}", process)
        if failure:
            return failure
    return None


def build(output: Path, spec_root: Path = SPEC_ROOT, timings: Timings | None = None) -> list[Problem]:
    """Validate, bundle and generate into ``output``, which must not exist. Returns the spec's problems.

    The generators start as soon as the bundle is written; the lint and prance run
    beside them, and their verdict decides whether the output is kept.
    """
    from .bundle import Problem, bundle, write_bundle
    from .client_extras import ClientExtrasError, finish_client
    from .lint import lint_bundle
    from .specfiles import SpecLoadError, SpecTree
    from .validate import bundle_problems, prance_problems

    timings = timings or Timings()
    started = time.perf_counter()
    try:
        tree = SpecTree.load(spec_root)
    except SpecLoadError as exc:
        return [Problem(exc.location, "yaml", exc.message)]
    result = bundle(tree)
    if result.problems or tree.problems:
        return lint_bundle(result)
    output.mkdir(parents=True)
    bundle_path = output / BUNDLE_NAME
    write_bundle(result.document, bundle_path)
    timings.record("bundle", started)

    started = time.perf_counter()
    client = _start_client(bundle_path, output / CLIENT_DIR)
    models = _start_models(bundle_path, output / MODELS_DIR)
    problems = lint_bundle(result)
    timings.record("validate (house lint)", started)
    prance = prance_problems(spec_root)
    if prance:  # prance's own message points into its inlined tree; add the errors located in files
        problems += prance + bundle_problems(result)
    timings.record("validate (lint + prance)", started)
    models_failure = _finish("datamodel-codegen", models) or _format(output / MODELS_DIR)
    failures = [f for f in (_finish("openapi-python-client", client), models_failure) if f]
    timings.record("generate (client + models, in parallel)", started)
    if problems:
        return problems
    if failures:
        raise GenerateError("\n\n".join(failures))
    package = output / CLIENT_DIR / CLIENT_PACKAGE
    try:
        finish_client(result.document, package)
    except ClientExtrasError as exc:
        raise GenerateError(f"client extras: {exc}") from exc
    failure = _format(package / "errors.py")
    if failure:
        raise GenerateError(failure)
    timings.record("client extras (runtime, errors)", started)
    for junk in output.rglob(".ruff_cache"):
        shutil.rmtree(junk)
    return []


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames, so a reader never sees a half tree."""
    retired = output.with_name(output.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def generate(
    *, force: bool = False, output: Path = GENERATED, spec_root: Path = SPEC_ROOT, timings: Timings | None = None
) -> int:
    """The ``make generate`` step, docs included (``docs/`` beside ``output``). Returns the exit status.

    The docs are a function of the same inputs, so a no-op run leaves them alone unless one is missing.
    """
    docs = output.parent / "docs"
    digest = inputs_digest()
    if not force and is_up_to_date(output, digest):
        print(f"generate: {output.name}/ is up to date with the spec")
        if not all((docs / name).is_file() for name in DOC_NAMES):
            from .docs import write_docs

            print(f"generate: wrote {', '.join(write_docs(output / BUNDLE_NAME, docs))} in {docs.name}/")
        return 0
    staging = output.with_name(output.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        problems = build(staging, spec_root, timings)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"generate: {len(problems)} problem(s) in the spec; {output.name}/ left unchanged", file=sys.stderr)
            return 1
        (staging / DIGEST_NAME).write_text(digest + "\n")
        swap_in(staging, output)
    except (GenerateError, OSError) as exc:
        print(f"generate: {exc}\ngenerate: {output.name}/ left unchanged", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"generate: wrote {output.name}/ ({BUNDLE_NAME}, {CLIENT_DIR}/, {MODELS_DIR}/)")
    from .docs import write_docs

    written = write_docs(output / BUNDLE_NAME, docs)
    print(f"generate: wrote {', '.join(written)} in {docs.name}/" if written else f"generate: {docs.name}/ unchanged")
    return 0
