"""What a key holds (its permission entries) and the decision: may this key do this request?"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .types import WILDCARD, ManualTransferRule, NoResource, OperationPermission, Scope


class PermissionEntryError(ValueError):
    """A key's permission entry does not fit the scope table."""


@dataclass(frozen=True)
class TransferGrant:
    source: str
    target: str
    max_amount: int | None = None


@dataclass(frozen=True)
class PermissionEntry:
    """One entry of a key: a scope and its resources (ids, ``*``, or transfer grants)."""

    scope: str
    resources: tuple[str, ...] = ()
    transfers: tuple[TransferGrant, ...] = ()

    @classmethod
    def parse(cls, raw: Mapping[str, Any], scopes: Mapping[str, Scope]) -> PermissionEntry:
        """Read the keys-file form: ``{scope: READ_ACCOUNTS, resources: [acc_1] | "*"}``,
        ``{scope: LIST_RULES}``, ``{scope: MANUAL_TRANSFER, resources: [{source, target, max_amount?}]}``."""
        scope_name = raw.get("scope")
        if not isinstance(scope_name, str) or scope_name not in scopes:
            raise PermissionEntryError(f"unknown scope {scope_name!r}; expected one of {', '.join(scopes)}")
        scope = scopes[scope_name]
        resources = raw.get("resources")
        if scope.resource_kind == "none":
            if resources not in (None, "none", [], ()):
                raise PermissionEntryError(f"{scope_name} takes no resources, got {resources!r}")
            return cls(scope_name)
        if scope.resource_kind == "transfer_pair":
            if not isinstance(resources, list) or not resources:
                raise PermissionEntryError(f"{scope_name} needs a list of {{source, target, max_amount?}}")
            grants = []
            for grant in resources:
                if not isinstance(grant, Mapping) or not {"source", "target"} <= set(grant) <= {
                    "source",
                    "target",
                    "max_amount",
                }:
                    raise PermissionEntryError(
                        f"{scope_name}: each resource is {{source, target, max_amount?}}, got {grant!r}"
                    )
                max_amount = grant.get("max_amount")
                if max_amount is not None and (
                    not isinstance(max_amount, int) or isinstance(max_amount, bool) or max_amount < 0
                ):
                    raise PermissionEntryError(
                        f"{scope_name}: max_amount must be a whole number of cents, got {max_amount!r}"
                    )
                grants.append(TransferGrant(str(grant["source"]), str(grant["target"]), max_amount))
            return cls(scope_name, transfers=tuple(grants))
        if resources == WILDCARD:
            return cls(scope_name, (WILDCARD,))
        if not isinstance(resources, list) or not resources or not all(isinstance(r, str) and r for r in resources):
            raise PermissionEntryError(f"{scope_name} needs `*` or a non-empty list of {scope.resource_kind} IDs")
        return cls(scope_name, tuple(resources))

    def to_raw(self) -> dict[str, Any]:
        """The keys-file form (inverse of :meth:`parse`)."""
        if self.transfers:
            grants = [
                {
                    "source": g.source,
                    "target": g.target,
                    **({"max_amount": g.max_amount} if g.max_amount is not None else {}),
                }
                for g in self.transfers
            ]
            return {"scope": self.scope, "resources": grants}
        if not self.resources:
            return {"scope": self.scope}
        if self.resources == (WILDCARD,):
            return {"scope": self.scope, "resources": WILDCARD}
        return {"scope": self.scope, "resources": list(self.resources)}


@dataclass(frozen=True)
class TransferRequest:
    source: str
    target: str
    amount: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: Literal["forbidden", "maximum_amount_exceeded"] | None = None
    reason: str = ""


def has_scope(permission: OperationPermission, entries: Sequence[PermissionEntry]) -> bool:
    """Step 3 of the decision order: does the key hold the operation's scope at all?"""
    return any(e.scope == permission.scope.name for e in entries)


def authorize(
    permission: OperationPermission,
    entries: Sequence[PermissionEntry],
    *,
    resource_ids: Sequence[str] = (),
    transfer: TransferRequest | None = None,
) -> Decision:
    """Decide steps 3 and 5: may a key with ``entries`` perform this request?

    ``resource_ids`` come from :meth:`OperationPermission.resource_ids`; the key
    must hold any one of them. ``transfer`` is the body of a manual transfer.
    """
    scope = permission.scope.name
    mine = [e for e in entries if e.scope == scope]
    if not mine:
        return Decision(False, "forbidden", f"the key has no {scope} entry")
    check = permission.check
    if isinstance(check, NoResource):
        return Decision(True)
    if isinstance(check, ManualTransferRule):
        if transfer is None:
            raise ValueError(f"{permission.operation_id}: pass the transfer to decide a manual transfer")
        grants = [g for e in mine for g in e.transfers if (g.source, g.target) == (transfer.source, transfer.target)]
        if not grants:
            return Decision(False, "forbidden", f"no {scope} entry for {transfer.source} -> {transfer.target}")
        if any(g.max_amount is None or transfer.amount <= g.max_amount for g in grants):
            return Decision(True)
        limit = max(g.max_amount or 0 for g in grants)
        return Decision(False, "maximum_amount_exceeded", f"{transfer.amount} is above the max_amount {limit}")
    allowed = {r for e in mine for r in e.resources}
    if WILDCARD in allowed or any(r in allowed for r in resource_ids):
        return Decision(True)
    return Decision(
        False, "forbidden", f"{', '.join(resource_ids) or 'the resource'} is outside the key's {scope} resources"
    )
