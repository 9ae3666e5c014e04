"""Run the sandbox over real loopback HTTP for a test: a free port on 127.0.0.1, stopped afterwards."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sequence_toolkit.keysfile import read_keys_file
from sequence_toolkit.permissions import PermissionModel
from sequence_toolkit.sandbox.app import create_app
from sequence_toolkit.sandbox.bootstrap import open_store
from sequence_toolkit.sandbox.pipeline import Settings
from sequence_toolkit.sandbox.server import REQUEST_TIMEOUT_SECONDS, listen, make_server
from sequence_toolkit.sandbox.store import Store
from sequence_toolkit.spec import base_path, load_document

from .conftest import BUNDLED


@dataclass
class RunningSandbox:
    base_url: str  # http://127.0.0.1:<port>/api/v1: the spec's base path, as a user would point a client
    keys: dict[str, str]  # name -> secret
    store: Store
    port: int


@contextmanager
def run_sandbox(
    tmp: Path, settings: Settings | None = None, request_timeout: float = REQUEST_TIMEOUT_SECONDS
) -> Iterator[RunningSandbox]:
    spec = load_document(BUNDLED)
    model = PermissionModel.from_spec(spec)
    store = open_store(tmp / "sandbox.db", model, tmp / "keys.yaml", reset=True)
    keys = {k.name: k.secret for k in read_keys_file(tmp / "keys.yaml", model)}
    app = create_app(store, spec, settings or Settings(rate_limit_per_minute=None, settle_delay_seconds=0.05))
    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = make_server(app, request_timeout=request_timeout)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the sandbox did not start")
        time.sleep(0.01)
    try:
        yield RunningSandbox(f"http://127.0.0.1:{port}{base_path(spec)}", keys, store, port)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.close()
