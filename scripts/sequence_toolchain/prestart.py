"""Run a command-line module in a process started before its arguments are known.

``python -m sequence_toolchain.prestart MODULE [WARM ...]`` imports the WARM modules at once (the
slow part of a generator's run, done while ``generate`` still reads and bundles the spec), then
reads one line from stdin: a JSON list of arguments. With them it runs ``python -m MODULE ARGS``
in this process, whose exit status becomes this one's. An empty line, or none, ends it (status 0).
The cyclic garbage collector is off: the process is short-lived and its memory stays the same.

The line may instead be a JSON object ``{"args": [...], "then": "package.module:function", "then_args": [...]}``:
when the module succeeds, ``function(*then_args)`` runs next in the same process (which has the module
imported already); an exception it raises is printed in one line and the status is 1.
"""

from __future__ import annotations

import gc
import importlib
import json
import runpy
import sys


def main(argv: list[str]) -> int:
    module, *warm = argv
    gc.disable()  # a run of a few hundred ms that frees little: the collector only costs time (~10% of it)
    for name in warm:
        importlib.import_module(name)
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    request = json.loads(line)
    if isinstance(request, list):
        request = {"args": request}
    sys.argv = [module, *request["args"]]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)  # exits through SystemExit, if the module does
    except SystemExit as exc:
        if exc.code not in (0, None) or "then" not in request:
            raise
    if "then" in request:
        target, _, function = request["then"].partition(":")
        sys.stdout.flush()
        try:
            getattr(importlib.import_module(target), function)(*request.get("then_args", []))
        except Exception as exc:
            print(f"{function}: {type(exc).__name__}: {' '.join(str(exc).split())}", flush=True)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
