"""What ``generated/`` was made from: one digest of every input, and one key per generated output.

``generated/.inputs.sha256`` holds the inputs digest on its first line (the same digest again means
``make generate`` has nothing to do), then one ``<output> <key>`` line per generated output. An
output's key covers exactly what it is made from: the tools (everything but the spec's sources) and
the part of the bundled spec it reads, so an edit redoes only the outputs it can change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .layout import GENERATED, REPO, SPEC_ROOT

DIGEST_NAME = ".inputs.sha256"

#: everything but the spec whose change can change the output
TOOL_INPUTS = (
    "client",
    "scripts/sequence_toolchain",
    "src/sequence_toolkit/permissions",
    "src/sequence_toolkit/spec.py",
    "requirements/lock.txt",
    "pyproject.toml",
    "LICENSE",
)


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        )
    elif path.is_file():
        yield path


def _digest(base: Path, paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for root in paths:
        for path in _files(root):
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def tools_digest(repo: Path = REPO) -> str:
    """The generators' configuration and templates, the client runtime, the lock file and this toolchain."""
    return _digest(repo, [repo / name for name in TOOL_INPUTS])


def inputs_digest(repo: Path = REPO, spec_root: Path = SPEC_ROOT, tools: str | None = None) -> str:
    """The tools (``tools``, when the caller has their digest already) and every file of the split spec."""
    spec = spec_root.resolve().parent
    return hashlib.sha256(f"{tools or tools_digest(repo)}\0{_digest(spec, [spec])}".encode()).hexdigest()


def output_key(tools: str, part: Any) -> str:
    """The key of an output made by ``tools`` from ``part`` of the bundled spec."""
    text = json.dumps(part, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{tools}\0{text}".encode()).hexdigest()


def read_stamp(output: Path) -> tuple[str, dict[str, str]]:
    """The inputs digest and the output keys ``output`` was made with ("" and {} when there is none)."""
    stamp = output / DIGEST_NAME
    lines = stamp.read_text().splitlines() if stamp.is_file() else []
    keys = dict(line.split(" ", 1) for line in lines[1:] if " " in line)
    return (lines[0].strip() if lines else ""), keys


def write_stamp(output: Path, digest: str, keys: dict[str, str]) -> None:
    (output / DIGEST_NAME).write_text("".join([digest + "\n", *(f"{name} {key}\n" for name, key in keys.items())]))


def is_up_to_date(output: Path = GENERATED, digest: str | None = None) -> bool:
    stamped, _ = read_stamp(output)
    return bool(stamped) and stamped == (digest or inputs_digest())
