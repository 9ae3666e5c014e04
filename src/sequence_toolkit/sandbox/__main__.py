"""``python -m sequence_toolkit.sandbox serve|keys``: run the sandbox, manage its API keys."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from ..permissions import PermissionModel
from ..spec import load_document
from .bootstrap import open_store
from .keys import create_key, list_keys, parse_permission_option, revoke_key
from .seed import ORG_DEMO

DEFAULT_DB = Path(".sandbox") / "sandbox.db"
DEFAULT_KEYS = Path(".sandbox") / "keys.yaml"


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app
    from .pipeline import Settings
    from .transfers import settle_pending

    spec = load_document(args.spec)
    model = PermissionModel.from_spec(spec)
    store = open_store(Path(args.db), model, Path(args.keys), args.reset)
    settled = settle_pending(store)
    if settled:
        print(f"sandbox: settled {settled} transfer(s) left processing by the last run")
    settings = Settings(rate_limit_per_minute=args.rate_limit or None, settle_delay_seconds=args.settle_delay)
    app = create_app(store, spec, settings)
    print(f"sandbox: serving http://{args.host}:{args.port}  (database {args.db})", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    store.close()
    return 0


def keys_command(args: argparse.Namespace) -> int:
    spec = load_document(args.spec)
    model = PermissionModel.from_spec(spec)
    store = open_store(Path(args.db), model, Path(args.keys), reset=False)
    if args.action == "create":
        try:
            permissions = [parse_permission_option(p) for p in args.permission]
            issued = create_key(store, model, args.organization, args.name, permissions)
        except ValueError as exc:
            print(f"keys create: {exc}", file=sys.stderr)
            return 2
        print(yaml.safe_dump({"keys": [issued.to_file_entry()]}, sort_keys=False, allow_unicode=True), end="")
    elif args.action == "list":
        print(yaml.safe_dump({"keys": list_keys(store)}, sort_keys=False, allow_unicode=True), end="")
    else:
        count = revoke_key(store, args.key)
        if not count:
            print(f"keys revoke: no active key with id or name {args.key!r}", file=sys.stderr)
            return 2
        print(f"revoked {count} key(s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sequence-sandbox", description=__doc__)
    parser.add_argument("--spec", help="a bundled spec (default: the one shipped with the package)")
    parser.add_argument("--db", default=str(DEFAULT_DB), help="SQLite file (default: .sandbox/sandbox.db)")
    parser.add_argument("--keys", default=str(DEFAULT_KEYS), help="keys file written on first start")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="serve the API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--reset", action="store_true", help="start from a fresh, newly seeded database")
    run.add_argument("--rate-limit", type=int, default=100, help="requests a minute per key; 0 switches it off")
    run.add_argument("--settle-delay", type=float, default=1.0, help="seconds before a transfer settles")
    keys = commands.add_parser("keys", help="create, list or revoke API keys")
    actions = keys.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create")
    create.add_argument("--organization", default=ORG_DEMO)
    create.add_argument("--name", required=True)
    create.add_argument(
        "--permission",
        action="append",
        default=[],
        help="SCOPE, SCOPE=id1,id2, SCOPE=* or MANUAL_TRANSFER=src>dst[:max],...",
    )
    actions.add_parser("list")
    revoke = actions.add_parser("revoke")
    revoke.add_argument("key", help="key id or name")
    args = parser.parse_args(argv)
    return serve(args) if args.command == "serve" else keys_command(args)


if __name__ == "__main__":
    sys.exit(main())
