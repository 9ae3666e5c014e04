"""A sandbox database ready to serve: created, seeded, and given demo keys (written to the keys file)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..keysfile import ApiKey, read_keys_file, write_keys_file
from ..permissions import PermissionModel
from .keys import create_key, hash_secret, revoke_key
from .seed import ACCOUNTS, CARDS, ORG_DEMO, ORG_OTHER, SEED_RULES, seed
from .store import Store


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
    demo = {a.id: a for a in ACCOUNTS if a.org_id == ORG_DEMO}
    transfer_pairs = [
        {"source": s, "target": t}
        for s in demo
        for t in demo
        if s != t and demo[s].can_be_source and demo[t].can_be_destination
    ]
    pay, amex, save = "acc_01HDEF0123", "acc_01HGHI7890", "acc_01HKLM5678"
    demo_card = next(c for c in CARDS if c.org_id == ORG_DEMO)
    demo_rule = next(r for r in SEED_RULES if r.org_id == ORG_DEMO)
    return [
        ("full_access", ORG_DEMO, full_access(model, transfer_pairs)),
        ("no_permissions", ORG_DEMO, []),
        ("other_org_full_access", ORG_OTHER, full_access(model, [])),
        ("list_accounts", ORG_DEMO, [{"scope": "LIST_ACCOUNTS"}]),
        ("read_amex_account", ORG_DEMO, [{"scope": "READ_ACCOUNTS", "resources": [amex]}]),
        ("list_rules", ORG_DEMO, [{"scope": "LIST_RULES"}]),
        ("read_one_rule", ORG_DEMO, [{"scope": "READ_RULES", "resources": [demo_rule.id]}]),
        ("trigger_one_rule", ORG_DEMO, [{"scope": "TRIGGER_RULES", "resources": [demo_rule.id]}]),
        ("read_one_rules_executions", ORG_DEMO, [{"scope": "READ_RULE_EXECUTIONS", "resources": [demo_rule.id]}]),
        ("read_paycheck_transfers", ORG_DEMO, [{"scope": "READ_TRANSFERS", "resources": [pay]}]),
        ("read_paycheck_cards", ORG_DEMO, [{"scope": "READ_CARDS", "resources": [demo_card.account_id]}]),
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
        replaced = keys_file.exists()
        write_keys_file(keys_file, issued)
        print_keys(issued, keys_file, replaced)
    return store


def open_existing_store(db: Path) -> Store:
    """A sandbox database that ``serve`` created; FileNotFoundError (never a new database) otherwise."""
    if str(db) == ":memory:" or not db.is_file():
        raise FileNotFoundError(f"no sandbox database at {db}: start one with `sequence-sandbox --db {db} serve`")
    store = Store(db)
    if store.is_empty():
        store.close()
        raise FileNotFoundError(f"{db} is not a seeded sandbox database: start one with `sequence-sandbox serve`")
    return store


def add_to_keys_file(path: Path, key: ApiKey, model: PermissionModel) -> None:
    """Add ``key`` to the keys file (created when missing); the keys already there stay."""
    keys = read_keys_file(path, model) if path.exists() else []
    write_keys_file(path, [*keys, key])


def mark_revoked_in_keys_file(path: Path, store: Store, model: PermissionModel) -> int:
    """Mark ``revoked: true`` on the keys file's entries whose keys the database has revoked (a contract run
    reading the file must not take them for working keys); how many entries changed."""
    if not path.exists():
        return 0
    keys = read_keys_file(path, model)
    revoked = {row["key_hash"] for row in store.query("SELECT key_hash FROM api_keys WHERE revoked_at IS NOT NULL")}
    marked = [dataclasses.replace(k, revoked=True) if hash_secret(k.secret) in revoked else k for k in keys]
    changed = sum(a.revoked != b.revoked for a, b in zip(keys, marked, strict=True))
    if changed:
        write_keys_file(path, marked)
    return changed


def print_keys(issued: list[ApiKey], keys_file: Path, replaced: bool = False) -> None:
    """Which keys were made and where their secrets are; the secrets themselves are not printed."""
    if replaced:
        print(f"sandbox: replaced {keys_file}: its keys belonged to a previous database and no longer work")
    names = ", ".join(key.name for key in issued)
    print(f"sandbox: created {len(issued)} demo API keys ({names}); their secrets are in {keys_file} (mode 0600)")
