"""A pytest fixture for implementors: run the contract kit from their own suite.

Enable it with ``pytest_plugins = ["sequence_toolkit.contract.pytest_plugin"]`` in a conftest, then::

    def test_contract(sequence_contract):
        sequence_contract(app=my_asgi_app, keys="keys.yaml", max_examples=20).raise_for_failures()   # in process
        sequence_contract(url="http://127.0.0.1:8000", keys="keys.yaml").raise_for_failures()        # over HTTP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..spec import load_spec
from .runner import Options, Result, run
from .target import Target


def run_contract(
    *, keys: str | Path, app: Any = None, url: str | None = None, spec: str | Path | None = None, **options: Any
) -> Result:
    """Run the kit on an ASGI ``app`` (in process) or a ``url``; ``options`` are :class:`Options` fields."""
    if (app is None) == (url is None):
        raise ValueError("pass exactly one of app= (an ASGI app) or url= (a base URL)")
    document = load_spec(spec)  # default: the spec shipped with the package
    target = Target.asgi(app) if app is not None else Target.http(str(url))
    try:
        return run(document, target, Path(keys), Options(**options))
    finally:
        target.close()


@pytest.fixture
def sequence_contract() -> Callable[..., Result]:
    return run_contract
