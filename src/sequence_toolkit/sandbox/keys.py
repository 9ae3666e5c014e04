"""API keys: stored as SHA-256 hashes only, compared in constant time.

The keys file (default ``.sandbox/keys.yaml``) is the one place a key's secret is
written, once, when it is created. Its format, which the contract kit reads too::

    keys:
      - name: full_access
        key: sk_sandbox_...            # the secret to send as `Authorization: ApiKey <key>`
        organization: org_01HDEMO0001
        permissions:                   # the entries of the key, as PermissionEntry.parse reads them
          - {scope: READ_ACCOUNTS, resources: "*"}
          - {scope: LIST_RULES}
          - {scope: MANUAL_TRANSFER, resources: [{source: acc_1, target: acc_2, max_amount: 50000}]}
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from ..permissions import PermissionEntry, PermissionModel
from .store import Store

SECRET_PREFIX = "sk_sandbox_"


class KeysFileError(ValueError):
    """The keys file is missing or malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class ApiKey:
    id: str
    org_id: str
    name: str
    entries: tuple[PermissionEntry, ...]
    revoked: bool


@dataclass(frozen=True)
class IssuedKey:
    """A key as the keys file lists it: the secret is known only here."""

    name: str
    secret: str
    org_id: str
    permissions: list[dict[str, Any]]

    def to_file_entry(self) -> dict[str, Any]:
        return {"name": self.name, "key": self.secret, "organization": self.org_id, "permissions": self.permissions}


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def create_key(
    store: Store, model: PermissionModel, org_id: str, name: str, permissions: Sequence[Mapping[str, Any]]
) -> IssuedKey:
    """Store a new key (its hash) and return its secret, which is not stored anywhere else."""
    entries = model.parse_entries(permissions)  # refuse what the scope table does not allow
    if not store.query("SELECT 1 FROM organizations WHERE id = ?", (org_id,)):
        raise ValueError(f"no organization {org_id!r}")
    secret = SECRET_PREFIX + secrets.token_urlsafe(24)
    raw = [entry.to_raw() for entry in entries]
    with store.transaction() as db:
        db.execute(
            "INSERT INTO api_keys (id, org_id, name, key_hash, permissions, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            ("key_" + secrets.token_hex(8), org_id, name, hash_secret(secret), json.dumps(raw), now()),
        )
    return IssuedKey(name, secret, org_id, raw)


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
    return ApiKey(row["id"], row["org_id"], row["name"], entries, row["revoked_at"] is not None)


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


def write_keys_file(path: Path, keys: Sequence[IssuedKey]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"keys": [k.to_file_entry() for k in keys]}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    temporary.replace(path)


def read_keys_file(path: Path, model: PermissionModel) -> list[IssuedKey]:
    """Read and check a keys file; every problem names the file and the entry."""
    if not path.is_file():
        raise KeysFileError(f"{path}: no keys file (start the sandbox once, or write one: see the README)")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KeysFileError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise KeysFileError(f"{path}: expected a mapping with a `keys` list")
    keys = []
    for index, entry in enumerate(document["keys"]):
        where = f"{path}: keys[{index}]"
        if not isinstance(entry, dict):
            raise KeysFileError(f"{where}: expected a mapping")
        for field in ("name", "key", "organization", "permissions"):
            if field not in entry:
                raise KeysFileError(f"{where}: missing `{field}`")
        if not isinstance(entry["permissions"], list):
            raise KeysFileError(f"{where}: `permissions` must be a list")
        try:
            model.parse_entries(entry["permissions"])
        except ValueError as exc:
            raise KeysFileError(f"{where} ({entry['name']}): {exc}") from exc
        keys.append(IssuedKey(str(entry["name"]), str(entry["key"]), str(entry["organization"]), entry["permissions"]))
    return keys
