"""The sandbox's API keys: stored as SHA-256 hashes only, compared in constant time.

A key's secret is shown once, when it is created, and written to the keys file
(:mod:`sequence_toolkit.keysfile`)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from ..keysfile import ApiKey
from ..permissions import WILDCARD, PermissionEntry, PermissionModel
from .store import Store

SECRET_PREFIX = "sk_sandbox_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_key(
    store: Store,
    model: PermissionModel,
    org_id: str,
    name: str,
    permissions: Sequence[Mapping[str, Any]],
    *,
    own_resources_only: bool = True,
) -> ApiKey:
    """Store a new key (its hash) and return its secret, which is not stored anywhere else.

    ``own_resources_only=False`` lets a test make the key an older sandbox could hold (naming another
    organization's ids), to show that the server still leaks nothing through it."""
    entries = model.parse_entries(permissions)  # refuse what the scope table does not allow
    if not store.query("SELECT 1 FROM organizations WHERE id = ?", (org_id,)):
        raise ValueError(f"no organization {org_id!r}")
    if own_resources_only:
        check_organization(store, model, org_id, entries)
    secret = SECRET_PREFIX + secrets.token_urlsafe(24)
    raw = [entry.to_raw() for entry in entries]
    key_id = "key_" + secrets.token_hex(8)
    with store.transaction() as db:
        db.execute(
            "INSERT INTO api_keys (id, org_id, name, key_hash, permissions, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (key_id, org_id, name, hash_secret(secret), json.dumps(raw), now()),
        )
    return ApiKey(name, org_id, entries, secret, key_id)


RESOURCE_TABLES = {"account": "accounts", "rule": "rules", "transfer_pair": "accounts"}


def check_organization(store: Store, model: PermissionModel, org_id: str, entries: Sequence[PermissionEntry]) -> None:
    """Refuse resources that belong to another organization: such a grant could never be used, and a key that
    names them would only look broader than it is. Ids that exist nowhere are allowed (objects to come)."""
    for entry in entries:
        table = RESOURCE_TABLES.get(model.scopes[entry.scope].resource_kind)
        if table is None:
            continue
        ids = [r for r in entry.resources if r != WILDCARD] + [i for g in entry.transfers for i in (g.source, g.target)]
        for ident in ids:
            owner = store.query(f"SELECT org_id FROM {table} WHERE id = ?", (ident,))
            if owner and owner[0]["org_id"] != org_id:
                raise ValueError(
                    f"{entry.scope}: {ident!r} belongs to another organization than {org_id!r};"
                    " a key may only name its own organization's resources"
                )


def authenticate(
    store: Store, model: PermissionModel, secret: str, parsed: dict[str, tuple[PermissionEntry, ...]] | None = None
) -> ApiKey | None:
    """The key with this secret, or None. Revoked keys are returned with ``revoked`` set.

    The row is read on every call (a revocation by the keys CLI takes effect at once); ``parsed``
    caches the parsed permissions by their stored text, which never changes for a key."""
    digest = hash_secret(secret)
    rows = store.query("SELECT * FROM api_keys WHERE key_hash = ?", (digest,))
    if not rows or not hmac.compare_digest(rows[0]["key_hash"], digest):
        return None
    row = rows[0]
    text = row["permissions"]
    entries = parsed.get(text) if parsed is not None else None
    if entries is None:
        entries = model.parse_entries(json.loads(text))
        if parsed is not None:
            parsed[text] = entries
    return ApiKey(row["name"], row["org_id"], entries, id=row["id"], revoked=row["revoked_at"] is not None)


def list_keys(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "organization": r["org_id"],
            "name": r["name"],
            "permissions": json.loads(r["permissions"]),
            "created_at": r["created_at"],
            "revoked_at": r["revoked_at"],
        }
        for r in store.query("SELECT * FROM api_keys ORDER BY seq")
    ]


def revoke_key(store: Store, key_id_or_name: str) -> int:
    """Revoke by id or name; returns how many keys were revoked."""
    with store.transaction() as db:
        cursor = db.execute(
            "UPDATE api_keys SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL",
            (now(), key_id_or_name, key_id_or_name),
        )
        return cursor.rowcount


def parse_permission_option(option: str) -> dict[str, Any]:
    """``READ_ACCOUNTS=acc_1,acc_2``, ``READ_RULES=*``, ``LIST_RULES``, ``MANUAL_TRANSFER=acc_1>acc_2:50000,...``."""
    scope, _, value = option.partition("=")
    scope = scope.strip()
    if not value:
        return {"scope": scope}
    if value == "*":
        return {"scope": scope, "resources": "*"}
    if ">" in value:
        grants = []
        for pair in value.split(","):
            route, _, limit = pair.partition(":")
            source, _, target = route.partition(">")
            if not source or not target or (limit and not limit.isdigit()):
                raise ValueError(f"--permission {option!r}: write transfer pairs as SOURCE>TARGET[:MAX_AMOUNT]")
            grants.append({"source": source, "target": target, **({"max_amount": int(limit)} if limit else {})})
        return {"scope": scope, "resources": grants}
    return {"scope": scope, "resources": [r for r in value.split(",") if r]}
