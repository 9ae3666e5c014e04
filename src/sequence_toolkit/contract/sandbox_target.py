"""The kit's default target: a fresh sandbox, over loopback HTTP (a subprocess) or in process (an ASGI app)."""

from __future__ import annotations

import contextlib
import io
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from ..spec import base_path, load_document
from .target import Target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_sandbox_process(
    directory: Path, spec_path: Path | None = None, settle_delay: float = 0.1, rate_limit: int = 0
) -> tuple[subprocess.Popen[bytes], str, Path]:
    """A freshly seeded sandbox process on a free loopback port, answering; (process, base URL, keys file).
    The caller stops the process."""
    keys, port = directory / "keys.yaml", free_port()
    command = [
        sys.executable, "-m", "sequence_toolkit.sandbox", *(["--spec", str(spec_path)] if spec_path else []),
        "--db", str(directory / "db"), "--keys", str(keys), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--reset", "--rate-limit", str(rate_limit), "--settle-delay", str(settle_delay),
    ]  # fmt: skip
    # stderr to a file, never an unread pipe: once uvicorn's warnings (one per malformed request, as a fuzzer
    # sends) fill a pipe's 64 KiB, the sandbox blocks writing the next one and stops answering
    with open(directory / "sandbox.stderr.log", "wb") as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}{base_path(load_document(spec_path))}"  # where the sandbox serves the API
    try:
        wait_up(url + "/accounts", process, log=directory / "sandbox.stderr.log")
    except BaseException:
        process.kill()
        raise
    return process, url, keys


@contextmanager
def sandbox_over_http(
    spec_path: Path | None = None, settle_delay: float = 0.1, rate_limit: int = 0
) -> Iterator[tuple[Target, Path]]:
    """Serve a freshly seeded sandbox on a free loopback port; yields the target and its keys file."""
    with tempfile.TemporaryDirectory(prefix="sequence-contract-") as tmp:
        process, url, keys = start_sandbox_process(Path(tmp), spec_path, settle_delay, rate_limit)
        try:
            target = Target.http(url)
            try:
                yield target, keys
            finally:
                target.close()
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_up(url: str, process: subprocess.Popen[bytes], seconds: float = 30, log: Path | None = None) -> None:
    """Poll ``url`` until it answers; a clear error (with the end of its stderr, from the pipe or ``log``) if the
    process exits or the time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            if process.stderr:
                stderr = process.stderr.read().decode()
            else:
                stderr = log.read_text(errors="replace") if log is not None and log.exists() else ""
            raise RuntimeError(f"the sandbox exited with {process.returncode}: {stderr[-2000:]}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"the sandbox did not answer on {url} within {seconds} s")


@contextmanager
def sandbox_in_process(
    spec: Mapping[str, Any], settle_delay: float = 0.1, app_wrapper: Any = None, rate_limit: int | None = None
) -> Iterator[tuple[Target, Path]]:
    """A freshly seeded sandbox as an ASGI app in this process; ``app_wrapper`` may wrap the app (mutants)."""
    from ..permissions import PermissionModel
    from ..sandbox.app import create_app
    from ..sandbox.bootstrap import open_store
    from ..sandbox.pipeline import Settings

    with tempfile.TemporaryDirectory(prefix="sequence-contract-") as tmp:
        keys = Path(tmp) / "keys.yaml"
        with contextlib.redirect_stdout(io.StringIO()):  # the demo keys are printed on first start
            store = open_store(Path(tmp) / "db", PermissionModel.from_spec(spec), keys, reset=True)
        app: Any = create_app(
            store, spec, Settings(rate_limit_per_minute=rate_limit, settle_delay_seconds=settle_delay)
        )
        if app_wrapper is not None:
            app = app_wrapper(app)
        target = Target.asgi(app)
        try:
            yield target, keys
        finally:
            target.close()
            store.close()
