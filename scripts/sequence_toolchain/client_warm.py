"""Imported (after openapi-python-client) in the client generator's process, while it waits for the bundle.

The generator compiles its ~30 jinja templates (ours in ``client/templates`` and its own) on every
run, a third of its CPU time. This gives its jinja ``Environment`` jinja's own bytecode cache (a
per-user folder in the temp directory): a template whose source is unchanged is loaded compiled.
Jinja checks each cached entry against the template's source and its own version, so the output is
exactly what an uncached run writes.
"""

from __future__ import annotations

import functools

import jinja2
import openapi_python_client

openapi_python_client.Environment = functools.partial(  # type: ignore[attr-defined,assignment]
    jinja2.Environment, bytecode_cache=jinja2.FileSystemBytecodeCache()
)
