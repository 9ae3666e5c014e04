"""Validate, bundle and generate: ``generated/`` is rebuilt whole, or left as it was.

The spec is read and bundled once. The generators start on that bundle in a staging folder
beside ``generated/`` while the spec is validated; an invalid spec stops them and leaves
``generated/`` (and ``docs/``) untouched. Once the spec is valid the docs are rendered beside the
generators, and the staging folder is swapped in only when every step succeeded.

The client generator is started first of all: it imports itself while the spec is read
(:mod:`.prestart`). ``generated/.inputs.sha256`` (see :mod:`.digests`) makes an unchanged run a no-op, and lets a
run copy an output whose own inputs did not change (the models, when only operations changed)
instead of generating it again. ``--force`` regenerates everything.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .digests import DIGEST_NAME, inputs_digest, is_up_to_date, output_key, read_stamp, tools_digest, write_stamp
from .generators import GenerateError, finish, format_code, run_client, start_client, start_models, stop
from .layout import BUNDLE_NAME, CLIENT_DIR, CLIENT_PACKAGE, DOC_NAMES, GENERATED, MODELS_DIR, SPEC_ROOT

if TYPE_CHECKING:  # the validators are slow to import; a no-op run never needs them
    from .bundle import Bundle, Problem

__all__ = ["DIGEST_NAME", "GenerateError", "Timings", "build", "generate", "is_up_to_date", "swap_in"]

#: generated output -> its folder under generated/
OUTPUTS = {"client": CLIENT_DIR, "models": MODELS_DIR}


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    def record(self, name: str, started: float) -> None:
        self.steps[name] = time.perf_counter() - started


class _Docs(threading.Thread):
    """``write_docs`` on the bundle (as read, not from its file), into a staging folder, beside the generators."""

    def __init__(self, document: dict[str, Any], out: Path) -> None:
        super().__init__(name="docs", daemon=True)
        self.document, self.out = document, out
        self.error: BaseException | None = None

    def run(self) -> None:
        from .docs import write_docs

        try:
            write_docs(out=self.out, document=self.document)
        except BaseException as exc:  # reported by the main thread
            self.error = exc

    def result(self) -> None:
        self.join()
        if self.error is not None:
            raise GenerateError(f"docs failed: {type(self.error).__name__}: {self.error}")


def _keys(result: Bundle, tools: str) -> dict[str, str]:
    """Each output's key: the client and the docs read the whole bundle, the models only its schemas."""
    schemas = (result.document.get("components") or {}).get("schemas")
    whole = output_key(tools, result.document)
    return {"client": whole, "models": output_key(tools, schemas), "docs": whole}


def _all_docs(folder: Path | None) -> bool:
    return folder is not None and all((folder / name).is_file() for name in DOC_NAMES)


def build(
    output: Path,
    spec_root: Path = SPEC_ROOT,
    timings: Timings | None = None,
    *,
    docs: Path | None = None,
    previous: Path | None = None,
    current_docs: Path | None = None,
    tools: str | None = None,
) -> tuple[list[Problem], dict[str, str]]:
    """Validate and generate into ``output``, which must not exist; render the docs into ``docs``.

    Returns the spec's problems (nothing generated is worth keeping when there are any) and the
    outputs' keys. An output of ``previous`` whose key is unchanged is copied, not generated; the
    docs are not rendered again when their key is unchanged and ``current_docs`` holds them all.
    """
    timings = timings or Timings()
    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    client = start_client(output.parent)  # it imports itself while the spec is read
    try:
        tools = tools or tools_digest()
        return _build(output, spec_root, timings, started, client, docs, previous, current_docs, tools)
    finally:
        stop(client)


def _build(
    output: Path,
    spec_root: Path,
    timings: Timings,
    started: float,
    client: subprocess.Popen[bytes],
    docs: Path | None,
    previous: Path | None,
    current_docs: Path | None,
    tools: str,
) -> tuple[list[Problem], dict[str, str]]:
    from .bundle import write_bundle
    from .validate import ToolFailure, load, verdict

    result, problems = load(spec_root)
    if result is None:
        return problems, {}
    if result.problems or result.tree.problems:
        return verdict(result), {}  # broken references: no bundle worth generating from
    output.mkdir(parents=True)
    bundle_path = output / BUNDLE_NAME
    write_bundle(result.document, bundle_path)
    keys = _keys(result, tools)
    _, before = read_stamp(previous) if previous is not None else ("", {})
    unchanged = {name for name, key in keys.items() if previous is not None and before.get(name) == key}
    reuse = {name for name in unchanged & set(OUTPUTS) if (previous / OUTPUTS[name]).is_dir()}  # type: ignore[operator]
    timings.record("read + bundle", started)

    started = time.perf_counter()
    models = rendering = None
    with tempfile.TemporaryDirectory(prefix="sequence-generate-") as scratch:
        try:
            if "client" in reuse:
                stop(client)
            else:
                bundle_json = Path(scratch) / "openapi.json"
                bundle_json.write_text(json.dumps(result.document, ensure_ascii=False), encoding="utf-8")
                run_client(client, bundle_json, output / CLIENT_DIR, CLIENT_PACKAGE)
            if "models" not in reuse:
                models = start_models(bundle_path, output / MODELS_DIR)
            try:
                problems = verdict(result)  # while the generators run
            except ToolFailure as exc:
                raise GenerateError(str(exc)) from exc
            timings.record("validate (lint + openapi-spec-validator)", started)
            if problems:
                return problems, {}
            if docs is not None and not ("docs" in unchanged and _all_docs(current_docs)):
                rendering = _Docs(result.document, docs)
                rendering.start()
            for name in sorted(reuse):
                shutil.copytree(previous / OUTPUTS[name], output / OUTPUTS[name])  # type: ignore[operator]
            if models is not None:
                finish("datamodel-codegen", models)
                format_code(output / MODELS_DIR)
            if "client" not in reuse:
                finish("openapi-python-client", client)  # and the client extras, in its process
            generated = ", ".join(sorted(set(OUTPUTS) - reuse)) or "nothing"
            timings.record(f"generate ({generated}; reused: {', '.join(sorted(reuse)) or 'nothing'})", started)
            if rendering is not None:
                rendering.result()
                timings.record("docs (beside the generators)", started)
        finally:
            stop(models)
            if rendering is not None:
                rendering.join()  # it writes into a folder the caller removes
    for junk in output.rglob(".ruff_cache"):
        shutil.rmtree(junk)
    return [], keys


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` by ``staging`` with two renames, so a reader never sees a half tree."""
    retired = output.with_name(output.name + ".old")
    shutil.rmtree(retired, ignore_errors=True)
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


def _publish_docs(staged: Path, docs: Path) -> list[str]:
    """Move each rendered doc whose content changed into ``docs``; the names of those moved."""
    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(p for p in staged.iterdir() if p.is_file()):
        target = docs / path.name
        if not target.is_file() or target.read_bytes() != path.read_bytes():
            path.replace(target)
            written.append(path.name)
    return written


def generate(
    *, force: bool = False, output: Path = GENERATED, spec_root: Path = SPEC_ROOT, timings: Timings | None = None
) -> int:
    """The ``make generate`` step, docs included (``docs/`` beside ``output``). Returns the exit status:
    0 done, 1 the spec is invalid, 2 a tool failed; with 1 or 2, ``output`` and the docs are unchanged.
    """
    docs = output.parent / "docs"
    tools = tools_digest()
    digest = inputs_digest(spec_root=spec_root, tools=tools)
    if not force and is_up_to_date(output, digest):
        print(f"generate: {output.name}/ is up to date with the spec")
        if not _all_docs(docs):
            from .docs import write_docs

            print(f"generate: wrote {', '.join(write_docs(output / BUNDLE_NAME, docs))} in {docs.name}/")
        return 0
    staging = output.with_name(output.name + ".staging")
    docs_staging = docs.with_name(docs.name + ".staging")
    for folder in (staging, docs_staging):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        previous = None if force else output
        problems, keys = build(staging, spec_root, timings, docs=docs_staging, previous=previous, current_docs=docs)
        if problems:
            from .validate import describe

            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{describe(problems, 'generate', spec_root)}; {output.name}/ left unchanged", file=sys.stderr)
            return 1
        write_stamp(staging, digest, keys)
        swap_in(staging, output)
        written = _publish_docs(docs_staging, docs) if docs_staging.is_dir() else []
    except (GenerateError, OSError) as exc:
        print(f"generate: tool failed: {' '.join(str(exc).split())}; {output.name}/ left unchanged", file=sys.stderr)
        return 2
    finally:
        for folder in (staging, docs_staging):
            shutil.rmtree(folder, ignore_errors=True)
    print(f"generate: wrote {output.name}/ ({BUNDLE_NAME}, {CLIENT_DIR}/, {MODELS_DIR}/)")
    print(f"generate: wrote {', '.join(written)} in {docs.name}/" if written else f"generate: {docs.name}/ unchanged")
    return 0
