"""The two code generators and ruff, each run as its own process so they run side by side.

openapi-python-client writes the client from the bundle (read as JSON: its YAML reader is the
slowest part of a run); datamodel-codegen writes the pydantic models; ruff fixes and formats what
they wrote (:func:`format_code`: the generators' own formatting hooks are off).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from .layout import REPO

CLIENT_SOURCES = REPO / "client"  # every hand-written input of the client (and the models' settings)
CLIENT_CONFIG = CLIENT_SOURCES / "generator.yaml"
CLIENT_TEMPLATES = CLIENT_SOURCES / "templates"
MODELS_CONFIG_DIR = CLIENT_SOURCES / "models"  # its pyproject.toml: datamodel-codegen reads no other file
MODELS_RUFF_CONFIG = CLIENT_SOURCES / "ruff-generated.toml"


class GenerateError(Exception):
    """A generator (or ruff) failed: the tool, not the spec."""


def _spawn(command: list[str], cwd: Path, stdin: int | None = None) -> subprocess.Popen[bytes]:
    """A generator process, its output captured for :func:`finish`; in its own process group, so that
    :func:`stop` ends whatever it started too (ruff)."""
    return subprocess.Popen(
        command,
        cwd=cwd,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_client(cwd: Path) -> subprocess.Popen[bytes]:
    """openapi-python-client, started before the bundle exists: it imports itself while the spec is
    read, then waits for :func:`run_client` (or :func:`stop`)."""
    command = [sys.executable, "-m", f"{__package__}.prestart", "openapi_python_client", f"{__package__}.client_warm"]
    return _spawn(command, cwd, stdin=subprocess.PIPE)


def run_client(process: subprocess.Popen[bytes], bundle_json: Path, out: Path, package: str) -> None:
    """Let a started client generator write ``out`` (which it creates) from the bundle as JSON, then, in
    the same process (which has the generator's naming imported), finish the package ``out/package``
    (:func:`.client_extras.finish_generated`: runtime, errors.py, the parameters' docs)."""
    arguments = [
        "generate",
        "--path", str(bundle_json),
        "--config", str(CLIENT_CONFIG),
        "--custom-template-path", str(CLIENT_TEMPLATES),
        "--meta", "uv",
        "--output-path", str(out),
        "--overwrite",
        "--fail-on-warning",
    ]  # fmt: skip
    assert process.stdin is not None
    try:
        request = {
            "args": arguments,
            "then": f"{__package__}.client_extras:finish_generated",
            "then_args": [str(bundle_json), str(out / package)],
        }
        process.stdin.write(json.dumps(request).encode() + b"\n")
        process.stdin.flush()  # not closed: communicate() closes it
    except BrokenPipeError:
        pass  # it died while importing: finish() reports how


def start_models(bundle_path: Path, out: Path) -> subprocess.Popen[bytes]:
    """datamodel-codegen into ``out/__init__.py``; its options are client/models/pyproject.toml."""
    out.mkdir(parents=True)
    (out / "py.typed").write_text("")
    command = [
        sys.executable, "-m", "datamodel_code_generator",
        "--input", str(bundle_path),
        "--output", str(out / "__init__.py"),
    ]  # fmt: skip
    return _spawn(command, MODELS_CONFIG_DIR)


def finish(name: str, process: subprocess.Popen[bytes]) -> None:
    """Wait for ``process``; raise :class:`GenerateError` with its output when it failed."""
    output, _ = process.communicate()
    if process.returncode != 0:
        lines = [line.strip() for line in output.decode(errors="replace").splitlines() if line.strip()]
        raise GenerateError(f"{name} failed (exit {process.returncode}): {' | '.join(lines[-3:]) or 'no output'}")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """End a generator whose output is not wanted (the spec is invalid, or the output is reused)."""
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # the generator and whatever it started
        process.communicate()


def format_code(*paths: Path, config: Path | None = MODELS_RUFF_CONFIG) -> None:
    """ruff's fixes, then its formatting: with the settings in ``config`` (the models' by default), or,
    with None, those ruff finds beside the code (the generated client's pyproject.toml)."""
    ruff = [
        str(Path(sys.executable).parent / "ruff"),
        *(["--config", str(config)] if config else []),
        "--no-cache",
        "--quiet",
    ]
    targets = [str(p) for p in paths]
    for command in ([ruff[0], "check", "--fix-only", *ruff[1:], *targets], [ruff[0], "format", *ruff[1:], *targets]):
        finish(f"ruff {command[1]}", subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
