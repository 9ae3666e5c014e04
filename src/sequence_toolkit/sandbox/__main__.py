"""``python -m sequence_toolkit.sandbox serve|keys``: run the sandbox, manage its API keys.

``--db`` and ``--keys`` may come before or after the command. The keys file lives beside the database
(``keys.yaml`` in its folder) unless ``--keys`` says otherwise; secrets are written there (mode 0600), never
printed. Only ``serve`` creates a database; the ``keys`` commands refuse a database that does not exist.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from ..keysfile import KeysFileError
from ..permissions import PermissionModel
from ..spec import load_document
from .bootstrap import add_to_keys_file, mark_revoked_in_keys_file, open_existing_store, open_store
from .keys import create_key, list_keys, parse_permission_option, revoke_key
from .seed import ORG_DEMO

DEFAULT_DB = Path(".sandbox") / "sandbox.db"


def keys_path(args: argparse.Namespace) -> Path:
    return Path(args.keys) if args.keys else Path(args.db).parent / "keys.yaml"


def serve(args: argparse.Namespace) -> int:
    from ..spec import base_path
    from .app import create_app
    from .pipeline import Settings
    from .server import PortInUseError, listen, make_server
    from .transfers import settle_pending

    try:
        sock = listen(args.host, args.port)  # before anything is printed: a busy port is the first error
    except PortInUseError as exc:
        print(f"sandbox: {exc}; choose another with --port (make sandbox PORT=...)", file=sys.stderr)
        return 2
    spec = load_document(args.spec)
    model = PermissionModel.from_spec(spec)
    store = open_store(Path(args.db), model, keys_path(args), args.reset)
    settled = settle_pending(store)
    if settled:
        print(f"sandbox: settled {settled} transfer(s) left processing by the last run")
    settings = Settings(rate_limit_per_minute=args.rate_limit or None, settle_delay_seconds=args.settle_delay)
    app = create_app(store, spec, settings)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"sandbox: serving http://{shown}:{port}{base_path(spec)}  (the base URL to use; database {args.db},"
        f" keys {keys_path(args)}, rate limit {args.rate_limit or 'off'})",
        flush=True,
    )
    make_server(app, request_timeout=args.request_timeout).run(sockets=[sock])
    store.close()
    return 0


def keys_command(args: argparse.Namespace) -> int:
    spec = load_document(args.spec)
    model = PermissionModel.from_spec(spec)
    try:
        store = open_existing_store(Path(args.db))
    except FileNotFoundError as exc:
        print(f"keys {args.action}: {exc}", file=sys.stderr)
        return 2
    try:
        if args.action == "create":
            try:
                permissions = [parse_permission_option(p) for p in args.permission]
                issued = create_key(store, model, args.organization, args.name, permissions)
            except ValueError as exc:
                print(f"keys create: {exc}", file=sys.stderr)
                return 2
            path = keys_path(args)
            try:
                add_to_keys_file(path, issued, model)
            except KeysFileError as exc:
                revoke_key(store, issued.id)
                print(f"keys create: {exc} (the key was not kept)", file=sys.stderr)
                return 2
            entry = {k: v for k, v in issued.to_file_entry().items() if k != "key"}
            print(yaml.safe_dump({"keys": [entry]}, sort_keys=False, allow_unicode=True), end="")
            print(f"# the secret of {issued.name!r} is in {path} (shown nowhere else)")
        elif args.action == "list":
            print(yaml.safe_dump({"keys": list_keys(store)}, sort_keys=False, allow_unicode=True), end="")
        else:
            count = revoke_key(store, args.key)
            if not count:
                print(f"keys revoke: no active key with id or name {args.key!r}", file=sys.stderr)
                return 2
            path = keys_path(args)
            try:
                marked = mark_revoked_in_keys_file(path, store, model)
            except KeysFileError as exc:
                print(f"revoked {count} key(s); {exc} (its entries were not marked revoked)", file=sys.stderr)
                return 0
            print(f"revoked {count} key(s)" + (f"; marked revoked in {path}" if marked else ""))
    finally:
        store.close()
    return 0


def location_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """--db and --keys; on the commands they default to 'not given', so either place works."""
    db_default = argparse.SUPPRESS if suppress else str(DEFAULT_DB)
    keys_default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", default=db_default, help=f"SQLite file (default: {DEFAULT_DB})")
    parser.add_argument("--keys", default=keys_default, help="keys file (default: keys.yaml beside the database)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sequence-sandbox", description=__doc__)
    parser.add_argument("--spec", help="a bundled spec (default: the one shipped with the package)")
    location_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="serve the API")
    location_options(run, suppress=True)
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--reset", action="store_true", help="start from a fresh, newly seeded database")
    run.add_argument("--rate-limit", type=int, default=100, help="requests a minute per key; 0 switches it off")
    run.add_argument("--settle-delay", type=float, default=1.0, help="seconds before a transfer settles")
    run.add_argument(
        "--request-timeout", type=float, default=10.0, help="seconds a connection has to send a whole request"
    )
    keys = commands.add_parser("keys", help="create, list or revoke API keys of an existing sandbox database")
    location_options(keys, suppress=True)
    actions = keys.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create")
    location_options(create, suppress=True)
    create.add_argument("--organization", default=ORG_DEMO)
    create.add_argument("--name", required=True)
    create.add_argument(
        "--permission",
        action="append",
        default=[],
        help="SCOPE, SCOPE=id1,id2, SCOPE=* or MANUAL_TRANSFER=src>dst[:max],...",
    )
    location_options(actions.add_parser("list"), suppress=True)
    revoke = actions.add_parser("revoke")
    location_options(revoke, suppress=True)
    revoke.add_argument("key", help="key id or name")
    args = parser.parse_args(argv)
    return serve(args) if args.command == "serve" else keys_command(args)


if __name__ == "__main__":
    sys.exit(main())
