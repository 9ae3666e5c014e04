"""``python -m sequence_toolkit.contract``: run the contract kit against the sandbox (default) or any URL."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

from ..keysfile import KeysFileError
from . import checks
from .inventory import DiscoveryError
from .runner import ALL_PHASES, Options, run
from .sandbox_target import sandbox_in_process, sandbox_over_http
from .target import Target

REPO = Path(__file__).resolve().parents[3]
DEFAULT_SPEC = REPO / "generated" / "openapi.yaml"


def _names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m sequence_toolkit.contract",
        description="Fuzz an implementation of the Sequence api/v1 against the spec, permission model included. "
        "Without --url, a fresh sandbox is started on a free loopback port and tested.",
    )
    p.add_argument("--url", help="base URL of the server under test, e.g. https://host/api/v1")
    p.add_argument("--keys", help="keys file of the target (the sandbox's format; see the README)")
    p.add_argument("--spec", default=str(DEFAULT_SPEC), help="bundled spec (default: generated/openapi.yaml)")
    p.add_argument("--in-process", action="store_true", help="without --url: run the sandbox in this process")
    p.add_argument("--seed", type=int, help="generation seed (a failing run prints its seed)")
    p.add_argument("--max-examples", type=int, default=100, help="generated cases per operation and phase")
    p.add_argument("--workers", type=int, default=1, help="schemathesis workers")
    p.add_argument("--phases", type=_names, default=list(ALL_PHASES), help=f"comma list of {','.join(ALL_PHASES)}")
    p.add_argument("--operations", type=_names, default=[], help="comma list of operationIds or tags (default all)")
    p.add_argument("--checks", type=_names, default=[], help=f"the kit's checks to run: {','.join(checks.CHECKS)}")
    p.add_argument("--report", help="write a JUnit XML report here")
    return p


@contextlib.contextmanager
def _target(args: argparse.Namespace, spec: dict[str, object]) -> Iterator[tuple[Target, Path]]:
    if args.url:
        target = Target.http(args.url)
        try:
            yield target, Path(args.keys)
        finally:
            target.close()
    elif args.in_process:
        with sandbox_in_process(spec) as found:
            yield found
    else:
        with sandbox_over_http(Path(args.spec)) as found:
            yield found


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.url and not args.keys:
        print("contract: --url needs --keys (make contract URL=... KEYS=path/keys.yaml)", file=sys.stderr)
        return 2
    if args.keys and not args.url:
        print("contract: --keys is for --url; the sandbox writes its own keys file", file=sys.stderr)
        return 2
    spec_path = Path(args.spec)
    if not spec_path.is_file():
        print(f"contract: no spec at {spec_path} (run `make generate`)", file=sys.stderr)
        return 2
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    options = Options(args.max_examples, args.seed, args.workers, args.phases, args.operations, args.checks)
    try:
        with _target(args, spec) as (target, keys):
            print(f"contract: testing {target.base_url}", flush=True)
            result = run(spec, target, keys, options, progress=lambda line: print(line, flush=True))
    except (KeysFileError, ValueError) as exc:
        print(f"contract: {exc}", file=sys.stderr)
        return 2
    except DiscoveryError as exc:
        print(f"contract: could not discover the target's data: {exc}", file=sys.stderr)
        return 1
    print(result.summary())
    if args.report:
        result.write_junit(Path(args.report))
        print(f"contract: JUnit report written to {args.report}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
