"""Time the contract kit's default run (all 13 operations, every phase, max 100 examples per operation and
phase, the permission checks) on a fresh sandbox, in process and over loopback HTTP, in one run.
Targets on 2 cores: <= 60 s wall time and >= 150 cases/s, in process and over HTTP.

    .venv/bin/python bench/bench_contract.py [--max-examples 100] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sequence_toolkit.contract import Options, Result, run
from sequence_toolkit.contract.sandbox_target import sandbox_in_process, sandbox_over_http
from sequence_toolkit.spec import load_document

SPEC_PATH = Path(__file__).resolve().parents[1] / "generated" / "openapi.yaml"


def report(mode: str, result: Result, wall: float) -> None:
    cases = {op: result.record.statuses[op]["cases"] for op in result.operations}
    total = sum(cases.values())
    print(f"\n{mode}: {total} cases in {wall:.1f} s wall = {total / wall:.0f} cases/s; ok={result.ok}")
    print("  " + "  ".join(f"{op}={n}" for op, n in cases.items()))
    print(f"  fewest cases for one operation: {min(cases.values())}")
    if not result.ok:
        print(result.summary())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    spec = load_document(SPEC_PATH)
    options = Options(max_examples=args.max_examples, seed=args.seed)
    ok = True
    for mode, sandbox in (("in process", sandbox_in_process(spec)), ("over HTTP", sandbox_over_http(SPEC_PATH))):
        with sandbox as (target, keys):
            started = time.perf_counter()
            result = run(spec, target, keys, options)
            wall = time.perf_counter() - started
        report(mode, result, wall)
        ok = ok and result.ok
    print("\ntargets: <= 60 s wall for the default run; >= 150 cases/s, in process and over HTTP")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
