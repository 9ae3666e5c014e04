"""``sequence-contract`` (or ``python -m sequence_toolkit.contract``): run the contract kit against the
sandbox (default) or any URL."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from ..keysfile import KeysFileError
from ..spec import Spec, SpecNotFoundError, load_spec
from .checks import CHECKS
from .inventory import DiscoveryError
from .runner import ALL_PHASES, Options, run
from .sandbox_target import sandbox_in_process, sandbox_over_http
from .target import Target, TransportFailure, parse_rate


def _names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _ids(value: str) -> tuple[str, list[str]]:
    kind, _, ids = value.partition("=")
    if not kind or not ids:
        raise argparse.ArgumentTypeError(f"--ids {value!r}: expected Schema=id1,id2, e.g. Account=acc_1,acc_2")
    return kind.strip(), _names(ids)


def _rate(value: str) -> str:
    try:
        parse_rate(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sequence-contract",
        description="Fuzz an implementation of the Sequence api/v1 against the spec, permission model included. "
        "Without --url, a fresh sandbox is started on a free loopback port and tested. A failing run prints its "
        "seed; keys appear in the output only as $SEQUENCE_KEY_<NAME> placeholders.",
    )
    p.add_argument("--url", help="base URL of the server under test, e.g. https://host/api/v1")
    p.add_argument("--keys", help="keys file of the target (the sandbox's format; see the README)")
    p.add_argument("--spec", help="bundled spec (default: the one shipped with the package)")
    p.add_argument("--in-process", action="store_true", help="without --url: run the sandbox in this process")
    p.add_argument("--seed", type=int, help="generation seed (default: a fresh one, printed)")
    p.add_argument("--max-examples", type=int, default=100, help="generated cases per operation and phase")
    p.add_argument("--workers", type=int, default=1, help="schemathesis workers")
    p.add_argument("--phases", type=_names, default=list(ALL_PHASES), help=f"comma list of {','.join(ALL_PHASES)}")
    p.add_argument("--operations", type=_names, default=[], help="comma list of operationIds or tags (default all)")
    p.add_argument("--checks", type=_names, default=[], help=f"the kit's checks to run: {','.join(CHECKS)}")
    p.add_argument("--rate", type=_rate, help="a request budget, e.g. 100/m or 5/s (429s are waited out anyway)")
    p.add_argument("--ids", type=_ids, action="append", default=[], help="known ids, e.g. Account=acc_1,acc_2")
    p.add_argument("--report", help="write a JUnit XML report here")
    return p


@contextlib.contextmanager
def _target(args: argparse.Namespace, spec: Spec) -> Iterator[tuple[Target, Path]]:
    if args.url:
        target = Target.http(args.url)
        try:
            yield target, Path(args.keys)
        finally:
            target.close()
    elif args.in_process:
        with sandbox_in_process(spec.document) as found:
            yield found
    else:
        with sandbox_over_http(Path(args.spec) if args.spec else None) as found:
            yield found


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.url and not args.keys:
        print("contract: --url needs --keys (make contract URL=... KEYS=path/keys.yaml)", file=sys.stderr)
        return 2
    if args.keys and not args.url:
        print("contract: --keys is for --url; the sandbox writes its own keys file", file=sys.stderr)
        return 2
    try:
        spec = load_spec(args.spec)
    except (SpecNotFoundError, ValueError) as exc:
        print(f"contract: {exc}", file=sys.stderr)
        return 2
    options = Options(
        args.max_examples, args.seed, args.workers, args.phases, args.operations, args.checks, args.rate, dict(args.ids)
    )
    try:
        with _target(args, spec) as (target, keys):
            print(f"contract: testing {target.base_url}", flush=True)
            result = run(spec, target, keys, options, progress=lambda line: print(line, flush=True))
            print(result.summary())
            if args.report:
                result.write_junit(Path(args.report))
                print(f"contract: JUnit report written to {args.report}")
    except (KeysFileError, ValueError) as exc:
        print(f"contract: {exc}", file=sys.stderr)
        return 2
    except DiscoveryError as exc:
        print(f"contract: could not discover the target's data: {exc}", file=sys.stderr)
        return 1
    except TransportFailure as exc:  # before any check: the URL is wrong or the server is down
        print(
            f"contract: {args.url or 'the sandbox'} did not answer ({exc}); is the server up at that URL?",
            file=sys.stderr,
        )
        return 2
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
