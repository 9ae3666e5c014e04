"""What an operation needs: a scope, checked against a resource (what the permission extension parses into)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

SCOPES_EXTENSION = "x-sequence-scopes"
PERMISSION_EXTENSION = "x-sequence-permission"
SECURITY_SCHEME = "ApiKeyAuth"
WILDCARD = "*"
RESOURCE_KINDS = ("none", "account", "rule", "transfer_pair")

ResourceKind = Literal["none", "account", "rule", "transfer_pair"]


@dataclass(frozen=True)
class Scope:
    name: str
    resources: str
    grants: str
    resource_kind: ResourceKind


# --- what an operation is checked against -------------------------------------------


@dataclass(frozen=True)
class NoResource:
    def describe(self) -> str:
        return "no resource: the scope alone grants it"


@dataclass(frozen=True)
class PathParameter:
    parameter: str

    def describe(self) -> str:
        return f"the path parameter `{self.parameter}`"


@dataclass(frozen=True)
class QueryParameter:
    parameter: str
    fields: tuple[str, ...] = ()  # the listed items' fields that hold the filtered resource (any one)

    def describe(self) -> str:
        return f"the required query parameter `{self.parameter}`"


@dataclass(frozen=True)
class LoadedObject:
    object: str  # the schema of the object the path parameter names
    parameter: str
    fields: tuple[str, ...]

    def describe(self) -> str:
        fields = " or ".join(f"`{f}`" for f in self.fields)
        return f"the {self.object}'s {fields} (the {self.object} named by `{self.parameter}` is loaded first)"


@dataclass(frozen=True)
class ManualTransferRule:
    source: str
    target: str
    amount: str

    def describe(self) -> str:
        return (
            f"a MANUAL_TRANSFER entry whose source is the body's `{self.source}`, whose target is "
            f"`{self.target}`, and whose max_amount (if any) is at least `{self.amount}`"
        )


ResourceCheck = NoResource | PathParameter | QueryParameter | LoadedObject | ManualTransferRule


@dataclass(frozen=True)
class OperationPermission:
    """What one operation needs: a scope, checked against a resource."""

    operation_id: str
    method: str
    path: str
    scope: Scope
    check: ResourceCheck

    def resource_ids(
        self,
        *,
        path_params: Mapping[str, str] | None = None,
        query: Mapping[str, str] | None = None,
        loaded: Mapping[str, Any] | None = None,
    ) -> tuple[str, ...]:
        """The resource ids of one request that the key's resources must include (any one of them).

        ``loaded`` is the object named by the path parameter, for ``loaded_object``
        operations. Manual transfers are decided from the body: see :func:`authorize`.
        """
        check = self.check
        if isinstance(check, PathParameter):
            return _present((path_params or {}).get(check.parameter))
        if isinstance(check, QueryParameter):
            return _present((query or {}).get(check.parameter))
        if isinstance(check, LoadedObject):
            if loaded is None:
                raise ValueError(f"{self.operation_id}: load the {check.object} before checking permissions")
            return tuple(v for f in check.fields for v in _present(field_value(loaded, f)))
        return ()

    def forbidden_means(self) -> str:
        """What a 403 from this check means, code by code (the codes :func:`authorize` returns)."""
        check, scope = self.check, self.scope.name
        if isinstance(check, ManualTransferRule):
            return (
                f"`forbidden`: the key has no {scope} entry with this `{check.source}` and `{check.target}`; "
                f"`maximum_amount_exceeded`: `{check.amount}` is above that entry's max_amount"
            )
        if isinstance(check, NoResource):
            return f"`forbidden`: the key has no {scope} entry"
        return f"`forbidden`: the key has no {scope} entry, or {check.describe()} is not among its resources"


def _present(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else ()


def field_value(obj: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted field path (``source.id``) of an object, or None."""
    node: Any = obj
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node
