"""The keys a target has, sorted into the roles the kit needs, from a keys file (:mod:`sequence_toolkit.keysfile`).

Roles are read from the permissions, not from key names:

- full access: every scope of the spec, with ``*`` for account and rule scopes and at
  least one MANUAL_TRANSFER pair (the kit's requests that must succeed use it);
- no permissions: an empty permission list;
- narrow: the other active keys of the full key's organization;
- other organization (optional): a key of another organization holding every account
  and rule scope with ``*``; its requests for the first organization's resources must be 404;
- revoked (optional): ``revoked: true``; it must be refused with 401.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..keysfile import ApiKey, KeysFileError, read_keys_file
from ..permissions import WILDCARD, PermissionModel
from .redaction import Redactor


@dataclass(frozen=True)
class KeyRing:
    full: ApiKey
    none: ApiKey
    narrow: tuple[ApiKey, ...]
    other_org: ApiKey | None = None
    revoked: ApiKey | None = None
    every: tuple[ApiKey, ...] = ()

    def register(self, redactor: Redactor) -> None:
        """Teach ``redactor`` every secret of the keys file, so none is ever printed."""
        for key in self.every:
            redactor.add(key.secret, key.name)

    @classmethod
    def load(cls, path: Path, model: PermissionModel) -> KeyRing:
        """Read ``path``; a missing role is a :class:`KeysFileError` naming it, raised before any request."""
        return cls.from_keys(read_keys_file(path, model), model, str(path))

    @classmethod
    def from_keys(cls, issued: list[ApiKey], model: PermissionModel, source: str) -> KeyRing:
        active = [key for key in issued if not key.revoked]
        full = next((k for k in active if _holds_everything(k, model, transfers=True)), None)
        if full is None:
            raise KeysFileError(
                f'{source}: no full-access key: one key must hold every scope of the spec, with resources "*" '
                "for account and rule scopes and at least one MANUAL_TRANSFER pair"
            )
        none = next((k for k in active if not k.entries and k.org_id == full.org_id), None)
        if none is None:
            raise KeysFileError(f"{source}: no key with no permissions (`permissions: []`) in {full.org_id}")
        narrow = tuple(k for k in active if k.org_id == full.org_id and k.entries and k is not full)
        narrow = tuple(k for k in narrow if not _holds_everything(k, model, transfers=True))
        if not narrow:
            raise KeysFileError(f"{source}: no narrow key (one bound to specific resources) in {full.org_id}")
        other = next(
            (k for k in active if k.org_id != full.org_id and _holds_everything(k, model, transfers=False)), None
        )
        revoked = next((key for key in issued if key.revoked), None)
        return cls(full, none, narrow, other, revoked, tuple(issued))


def _holds_everything(key: ApiKey, model: PermissionModel, *, transfers: bool) -> bool:
    for scope in model.scopes.values():
        entry = key.entry(scope.name)
        if scope.resource_kind == "transfer_pair":
            if transfers and (entry is None or not entry.transfers):
                return False
        elif entry is None or (scope.resource_kind != "none" and entry.resources != (WILDCARD,)):
            return False
    return True
