"""Run a command-line module in a process started before its arguments are known.

``python -m sequence_toolchain.prestart MODULE [WARM ...]`` imports the WARM modules at once (the
slow part of a generator's run, done while ``generate`` still reads and bundles the spec), then
reads one line from stdin: a JSON list of arguments. With them it runs ``python -m MODULE ARGS``
in this process, whose exit status becomes this one's. An empty line, or none, ends it (status 0).
"""

from __future__ import annotations

import importlib
import json
import runpy
import sys


def main(argv: list[str]) -> int:
    module, *warm = argv
    for name in warm:
        importlib.import_module(name)
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    sys.argv = [module, *json.loads(line)]
    runpy.run_module(module, run_name="__main__", alter_sys=True)  # exits through SystemExit, if the module does
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
