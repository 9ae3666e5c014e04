"""The keys file: the API keys a server has, with their permissions.

The sandbox writes it when it creates keys (default ``.sandbox/keys.yaml``); the
contract kit reads it to know which keys a target has. The format::

    keys:
      - name: full_access
        key: sk_sandbox_...            # the secret to send as `Authorization: ApiKey <key>`
        organization: org_01HDEMO0001
        permissions:                   # the entries of the key, as PermissionEntry.parse reads them
          - {scope: READ_ACCOUNTS, resources: "*"}
          - {scope: LIST_RULES}
          - {scope: MANUAL_TRANSFER, resources: [{source: acc_1, target: acc_2, max_amount: 50000}]}
      - name: revoked
        key: sk_sandbox_...
        organization: org_01HDEMO0001
        permissions: []
        revoked: true                  # optional: a key the server must refuse with 401
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .permissions import PermissionEntry, PermissionModel

FIELDS = ("name", "key", "organization", "permissions")


class KeysFileError(ValueError):
    """The keys file is missing or malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class ApiKey:
    """An API key: its organization and permission entries. The one key type of the toolkit: the sandbox
    issues and authenticates it, the keys file lists it, the contract kit sorts it into roles.

    ``secret`` is known where the key was issued and in the keys file only (the sandbox stores a hash and
    knows a key by ``id``)."""

    name: str
    org_id: str
    entries: tuple[PermissionEntry, ...]
    secret: str = ""
    id: str = ""
    revoked: bool = False

    @property
    def authorization(self) -> str:
        return f"ApiKey {self.secret}"

    def entry(self, scope: str) -> PermissionEntry | None:
        return next((e for e in self.entries if e.scope == scope), None)

    def to_file_entry(self) -> dict[str, Any]:
        permissions = [e.to_raw() for e in self.entries]
        entry = {"name": self.name, "key": self.secret, "organization": self.org_id, "permissions": permissions}
        return {**entry, "revoked": True} if self.revoked else entry


def write_keys_file(path: Path, keys: Sequence[ApiKey]) -> None:
    """Write atomically (a reader never sees half a file), readable by its owner only: it holds secrets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"keys": [k.to_file_entry() for k in keys]}
    temporary = path.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    temporary.replace(path)


def _read_document(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise KeysFileError(f"{path}: no keys file (start the sandbox once, or write one: see the README)")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KeysFileError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise KeysFileError(f"{path}: expected a mapping with a `keys` list")
    return document


def read_known_ids(path: Path) -> dict[str, list[str]]:
    """The optional ``ids:`` section: ids of existing objects by schema name (``Account: [acc_1]``), for a
    target whose list operations the contract kit cannot use."""
    ids = _read_document(path).get("ids") or {}
    if not isinstance(ids, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(i, str) for i in v) for k, v in ids.items()
    ):
        raise KeysFileError(f"{path}: `ids` must map schema names to lists of ids, e.g. `Account: [acc_1]`")
    return {kind: list(values) for kind, values in ids.items()}


def read_keys_file(path: Path, model: PermissionModel) -> list[ApiKey]:
    """Read and check a keys file; every problem names the file and the entry."""
    document = _read_document(path)
    keys = []
    for index, entry in enumerate(document["keys"]):
        where = f"{path}: keys[{index}]"
        if not isinstance(entry, dict):
            raise KeysFileError(f"{where}: expected a mapping")
        for field in FIELDS:
            if field not in entry:
                raise KeysFileError(f"{where}: missing `{field}`")
        if not isinstance(entry["permissions"], list):
            raise KeysFileError(f"{where}: `permissions` must be a list")
        if not isinstance(entry.get("revoked", False), bool):
            raise KeysFileError(f"{where}: `revoked` must be true or false")
        try:
            entries = model.parse_entries(entry["permissions"])
        except ValueError as exc:
            raise KeysFileError(f"{where} ({entry['name']}): {exc}") from exc
        name, secret, org_id = str(entry["name"]), str(entry["key"]), str(entry["organization"])
        keys.append(ApiKey(name, org_id, entries, secret, revoked=bool(entry.get("revoked", False))))
    return keys
