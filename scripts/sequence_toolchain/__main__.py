"""``python -m sequence_toolchain {validate,bundle,generate,build,publish,diff,docs}``: the spec toolchain."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .layout import BUNDLE_NAME, GENERATED, REPO, SPEC_ROOT

EXIT_STATUS = """exit status (validate, bundle, generate):
  0  the spec is valid (and the output was written)
  1  the spec is invalid: each problem is printed once, in one line,
     as `file:line /pointer: [rule] message`; nothing is written
  2  the tool failed (a generator, a crash): one line says which; nothing is written
     (SEQUENCE_TOOLCHAIN_TRACEBACK=1 shows the traceback of a crash)
build, publish and diff exit 1 when their check fails and 2 when they cannot run."""
TRACEBACK_VARIABLE = "SEQUENCE_TOOLCHAIN_TRACEBACK"


def main(argv: list[str] | None = None) -> int:
    """Run one command; a crash is one line on stderr and exit status 2, never a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get(TRACEBACK_VARIABLE):
            raise
        from .validate import ToolFailure

        what = str(exc) if isinstance(exc, ToolFailure) else f"{type(exc).__name__}: {exc}"
        print(f"sequence_toolchain: tool failed: {' '.join(what.split())}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="sequence_toolchain",
        description=__doc__,
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="house lint + openapi-spec-validator over the split spec",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("--spec", type=Path, default=SPEC_ROOT)
    bundle = commands.add_parser("bundle", help="write the bundled spec (components kept by name)")
    bundle.add_argument("--spec", type=Path, default=SPEC_ROOT)
    bundle.add_argument("--output", type=Path, default=GENERATED / BUNDLE_NAME)
    generate = commands.add_parser(
        "generate",
        help="validate, bundle and generate into generated/",
        epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    generate.add_argument("--force", action="store_true", help="regenerate even when the inputs are unchanged")
    generate.add_argument("--spec", type=Path, default=SPEC_ROOT)
    generate.add_argument("--output", type=Path, default=GENERATED, help="the generated folder (docs/ goes beside it)")
    commands.add_parser("build", help="the client's sdist and wheel into dist/, the models' into dist/models/")
    publish = commands.add_parser("publish", help="upload dist/ to a repository (never by default)")
    publish.add_argument("--repository-url", default=os.environ.get("REPOSITORY_URL"))
    publish.add_argument("--index-url", default=os.environ.get("INDEX_URL"), help="simple index to check versions")
    diff = commands.add_parser("diff", help="API changes since a git ref, and the version bump they need")
    diff.add_argument("--base", default="HEAD", help="git ref whose generated/openapi.yaml is the old spec")
    diff.add_argument("--old", type=Path, help="compare two bundled spec files instead")
    diff.add_argument("--new", type=Path)
    commands.add_parser("docs", help="docs/permissions.md, docs/api.md and docs/api.html from the bundled spec")
    args = parser.parse_args(argv)

    if args.command == "generate":
        import gc

        gc.disable()  # a run of about a second that frees little: the collector only costs time
        from .generate import generate as run_generate

        return run_generate(force=args.force, output=args.output.resolve(), spec_root=args.spec)
    if args.command in ("build", "publish"):
        return _release(args)
    if args.command == "diff":
        return _diff(args)
    if args.command == "docs":
        from .docs import write_docs
        from .layout import DOCS

        written = write_docs()
        print(f"docs: wrote {', '.join(written)} in {DOCS.name}/" if written else f"docs: {DOCS.name}/ is up to date")
        return 0
    from .bundle import write_bundle
    from .validate import check, describe

    result, problems = check(args.spec)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems or result is None:
        print(describe(problems, args.command, args.spec), file=sys.stderr)
        return 1
    if args.command == "bundle":
        write_bundle(result.document, args.output)
        print(f"bundle: wrote {args.output}")
    else:
        print(f"validate: {args.spec} is valid ({len(result.tree.files)} files)")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from yaml import YAMLError

    from sequence_toolkit.spec import load_document

    from .diff import DiffError, run_diff

    try:
        if args.old or args.new:
            if not (args.old and args.new):
                print("diff: --old and --new go together", file=sys.stderr)
                return 2
            old, new = (load_document(p) for p in (args.old, args.new))
            return run_diff(str(args.old), old, new)
        return run_diff(args.base)
    except (DiffError, OSError, ValueError, YAMLError) as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return 2


def _release(args: argparse.Namespace) -> int:
    from . import release

    try:
        if args.command == "build":
            for built in (release.build(), release.build_models()):
                print(f"build: {built.wheel.relative_to(REPO)}, {built.sdist.relative_to(REPO)}")
        else:
            for built in release.publish(args.repository_url, args.index_url):
                print(f"publish: uploaded {built.project} {built.version} to {args.repository_url}")
    except release.ReleaseError as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return 2 if args.command == "publish" and not args.repository_url else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
