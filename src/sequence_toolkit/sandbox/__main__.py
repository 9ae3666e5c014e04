"""``python -m sequence_toolkit.sandbox serve|keys``: run the sandbox, manage its API keys."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

import yaml

from ..keysfile import IssuedKey, write_keys_file
from ..permissions import PermissionModel
from .keys import create_key, list_keys, parse_permission_option, revoke_key
from .seed import ACCOUNTS, CARDS, ORG_DEMO, ORG_OTHER, RULES, seed
from .store import Store

REPO = Path(__file__).resolve().parents[3]
DEFAULT_SPEC = REPO / "generated" / "openapi.yaml"
DEFAULT_DB = Path(".sandbox") / "sandbox.db"
DEFAULT_KEYS = Path(".sandbox") / "keys.yaml"


def full_access(model: PermissionModel, transfer_pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every scope of the spec's table, each with all of its resources."""
    entries: list[dict[str, Any]] = []
    for scope in model.scopes.values():
        if scope.resource_kind == "none":
            entries.append({"scope": scope.name})
        elif scope.resource_kind == "transfer_pair":
            if transfer_pairs:
                entries.append({"scope": scope.name, "resources": transfer_pairs})
        else:
            entries.append({"scope": scope.name, "resources": "*"})
    return entries


def demo_key_specs(model: PermissionModel) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(name, organization, permissions) of the keys created on first start."""
    demo_accounts = [a[1] for a in ACCOUNTS if a[0] == ORG_DEMO]
    transfer_pairs = [
        {"source": s, "target": t}
        for s in demo_accounts
        for t in demo_accounts
        if s != t and next(a for a in ACCOUNTS if a[1] == s)[8] and next(a for a in ACCOUNTS if a[1] == t)[9]
    ]
    pay, amex, save = "acc_01HDEF0123", "acc_01HGHI7890", "acc_01HKLM5678"
    demo_card = next(c for c in CARDS if c[0] == ORG_DEMO)
    demo_rule = next(r for r in RULES if r[0] == ORG_DEMO)
    return [
        ("full_access", ORG_DEMO, full_access(model, transfer_pairs)),
        ("no_permissions", ORG_DEMO, []),
        ("other_org_full_access", ORG_OTHER, full_access(model, [])),
        ("list_accounts", ORG_DEMO, [{"scope": "LIST_ACCOUNTS"}]),
        ("read_amex_account", ORG_DEMO, [{"scope": "READ_ACCOUNTS", "resources": [amex]}]),
        ("list_rules", ORG_DEMO, [{"scope": "LIST_RULES"}]),
        ("read_one_rule", ORG_DEMO, [{"scope": "READ_RULES", "resources": [demo_rule[1]]}]),
        ("trigger_one_rule", ORG_DEMO, [{"scope": "TRIGGER_RULES", "resources": [demo_rule[1]]}]),
        ("read_one_rules_executions", ORG_DEMO, [{"scope": "READ_RULE_EXECUTIONS", "resources": [demo_rule[1]]}]),
        ("read_paycheck_transfers", ORG_DEMO, [{"scope": "READ_TRANSFERS", "resources": [pay]}]),
        ("read_paycheck_cards", ORG_DEMO, [{"scope": "READ_CARDS", "resources": [demo_card[7]]}]),
        (
            "transfer_paycheck_to_savings_max_500",
            ORG_DEMO,
            [{"scope": "MANUAL_TRANSFER", "resources": [{"source": pay, "target": save, "max_amount": 50000}]}],
        ),
        (
            "transfer_savings_to_paycheck",
            ORG_DEMO,
            [{"scope": "MANUAL_TRANSFER", "resources": [{"source": save, "target": pay}]}],
        ),
    ]


def open_store(db: Path, model: PermissionModel, keys_file: Path, reset: bool) -> Store:
    """The database, created, seeded and given demo keys (written to ``keys_file``) when new."""
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    store = Store(db)
    if store.is_empty():
        seed(store)
        issued = [create_key(store, model, org, name, perms) for name, org, perms in demo_key_specs(model)]
        revoked = create_key(store, model, ORG_DEMO, "revoked", [])  # listed so that clients can test a 401
        revoke_key(store, revoked.name)
        issued.append(dataclasses.replace(revoked, revoked=True))
        write_keys_file(keys_file, issued)
        print_keys(issued, keys_file)
    return store


def print_keys(issued: list[IssuedKey], keys_file: Path) -> None:
    print(f"sandbox: created {len(issued)} demo API keys (shown once; also written to {keys_file}):")
    for key in issued:
        print(f"  {key.name:40s} {key.secret}")


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import Settings, create_app
    from .transfers import settle_pending

    spec = yaml.safe_load(Path(args.spec).read_text(encoding="utf-8"))
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
    spec = yaml.safe_load(Path(args.spec).read_text(encoding="utf-8"))
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
    parser.add_argument("--spec", default=str(DEFAULT_SPEC), help="the bundled spec (default: generated/openapi.yaml)")
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
