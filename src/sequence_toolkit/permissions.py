"""The permission model of the Sequence api/v1, read from the spec.

This is the one place that knows how API-key permissions work. The sandbox, the
contract kit and the generated docs all ask it; none of them restates a rule.

The spec declares the model in two extensions:

- ``x-sequence-scopes`` on the root: the seeds' scope table, one entry per scope
  (``scope``, ``resources``, ``grants``, word for word) plus ``resource_kind``,
  what the scope's resources are: ``none``, ``account``, ``rule`` or
  ``transfer_pair``;
- on every operation, ``security: [{ApiKeyAuth: [SCOPE]}]`` names the scope and
  ``x-sequence-permission`` names the resource it is checked against::

      resource: none                                   # LIST_* scopes
      resource: path_parameter   parameter: id
      resource: query_parameter  parameter: rule_id    # a required filter
      resource: loaded_object    object: Card  parameter: id  fields: [account_id]
      resource: manual_transfer  source: ...  target: ...  amount: ...   # body fields

  For ``loaded_object`` the object named by the path parameter is loaded first;
  the key must hold ANY of ``fields`` (dotted paths into the object).

A server decides in this order, and :func:`authorize` is the last step:

1. 401 ``unauthorized``: no key, another scheme word, a malformed, unknown or revoked key;
2. 400 ``invalid_parameters``: the request does not match the spec;
3. 403 ``forbidden``: the key has no entry for the operation's scope;
4. 404 ``resource_not_found``: a loaded object that does not exist in the key's
   organization (never 403, so existence does not leak across organizations);
5. 403 ``forbidden`` / ``maximum_amount_exceeded``: the resource is outside the
   key's resources for the scope (:func:`authorize`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .spec import HTTP_METHODS, Spec, join, json_schema, load_document

SCOPES_EXTENSION = "x-sequence-scopes"
PERMISSION_EXTENSION = "x-sequence-permission"
SECURITY_SCHEME = "ApiKeyAuth"
WILDCARD = "*"
RESOURCE_KINDS = ("none", "account", "rule", "transfer_pair")

ResourceKind = Literal["none", "account", "rule", "transfer_pair"]


class PermissionSpecError(ValueError):
    """The spec's permission model is malformed; ``pointer`` says where (in the bundled spec)."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(f"{pointer}: {message}")
        self.pointer = pointer
        self.message = message


class PermissionEntryError(ValueError):
    """A key's permission entry does not fit the scope table."""


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
            return tuple(v for f in check.fields for v in _present(_dotted(loaded, f)))
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


def _dotted(obj: Mapping[str, Any], path: str) -> Any:
    node: Any = obj
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


# --- the model, parsed from a (bundled) spec ----------------------------------------


@dataclass(frozen=True)
class PermissionModel:
    scopes: Mapping[str, Scope]
    operations: Mapping[str, OperationPermission]

    @classmethod
    def from_spec(cls, document: Mapping[str, Any]) -> PermissionModel:
        """Parse the model; raises :class:`PermissionSpecError` at the first problem."""
        model, errors = parse(document)
        if errors:
            raise errors[0]
        return model

    @classmethod
    def load(cls, path: str | Path) -> PermissionModel:
        return cls.from_spec(load_document(path))

    def for_operation(self, operation_id: str) -> OperationPermission:
        try:
            return self.operations[operation_id]
        except KeyError:
            raise KeyError(f"no operation {operation_id!r} in the spec") from None

    def parse_entries(self, entries: Iterable[Mapping[str, Any]]) -> tuple[PermissionEntry, ...]:
        return tuple(PermissionEntry.parse(entry, self.scopes) for entry in entries)


def parse(document: Mapping[str, Any]) -> tuple[PermissionModel, list[PermissionSpecError]]:
    """Parse the permission model, collecting every problem (the spec lint reports them all)."""
    errors: list[PermissionSpecError] = []
    scopes: dict[str, Scope] = {}
    table = document.get(SCOPES_EXTENSION)
    if not isinstance(table, list) or not table:
        errors.append(PermissionSpecError(f"/{SCOPES_EXTENSION}", "the root must list the scope table"))
        table = []
    for index, row in enumerate(table):
        pointer = f"/{SCOPES_EXTENSION}/{index}"
        if not isinstance(row, Mapping) or not all(
            isinstance(row.get(k), str) for k in ("scope", "resources", "grants")
        ):
            errors.append(PermissionSpecError(pointer, "each scope needs string `scope`, `resources` and `grants`"))
            continue
        kind = row.get("resource_kind")
        if kind not in RESOURCE_KINDS:
            errors.append(
                PermissionSpecError(
                    f"{pointer}/resource_kind", f"must be one of {', '.join(RESOURCE_KINDS)}, not {kind!r}"
                )
            )
            continue
        if row["scope"] in scopes:
            errors.append(PermissionSpecError(f"{pointer}/scope", f"scope {row['scope']} is listed twice"))
        scopes[row["scope"]] = Scope(row["scope"], row["resources"], row["grants"], kind)

    operations: dict[str, OperationPermission] = {}
    for path, item in (document.get("paths") or {}).items():
        for method, operation in (item or {}).items():
            if method not in HTTP_METHODS or not isinstance(operation, Mapping):
                continue
            pointer = join("/paths", path, method)
            try:
                permission = _parse_operation(document, path, method, operation, scopes, pointer)
            except PermissionSpecError as exc:
                errors.append(exc)
                continue
            operations[permission.operation_id] = permission
    return PermissionModel(scopes, operations), errors


def _parse_operation(
    document: Mapping[str, Any],
    path: str,
    method: str,
    operation: Mapping[str, Any],
    scopes: Mapping[str, Scope],
    pointer: str,
) -> OperationPermission:
    operation_id = operation.get("operationId") or f"{method.upper()} {path}"
    security = operation.get("security")
    if (
        not isinstance(security, list)
        or len(security) != 1
        or not isinstance(security[0], Mapping)
        or list(security[0]) != [SECURITY_SCHEME]
        or not isinstance(security[0][SECURITY_SCHEME], list)
        or len(security[0][SECURITY_SCHEME]) != 1
    ):
        raise PermissionSpecError(
            f"{pointer}/security", f"must be exactly [{{{SECURITY_SCHEME}: [SCOPE]}}], naming the one scope it needs"
        )
    scope_name = security[0][SECURITY_SCHEME][0]
    if scope_name not in scopes:
        raise PermissionSpecError(
            f"{pointer}/security/0/{SECURITY_SCHEME}/0",
            f"scope {scope_name!r} is not in the scope table ({', '.join(scopes)})",
        )
    scope = scopes[scope_name]
    ext_pointer = f"{pointer}/{PERMISSION_EXTENSION}"
    ext = operation.get(PERMISSION_EXTENSION)
    if not isinstance(ext, Mapping):
        raise PermissionSpecError(ext_pointer, f"missing: say which resource {scope_name} is checked against")
    check = _parse_check(document, operation, ext, ext_pointer)
    expected_none = scope.resource_kind == "none"
    if isinstance(check, NoResource) != expected_none:
        raise PermissionSpecError(
            f"{ext_pointer}/resource",
            f"{scope_name} takes {scope.resources!r}, so the resource must "
            + ("be `none`" if expected_none else "not be `none`"),
        )
    if isinstance(check, ManualTransferRule) != (scope.resource_kind == "transfer_pair"):
        raise PermissionSpecError(
            f"{ext_pointer}/resource", f"`manual_transfer` goes with exactly the transfer_pair scope, not {scope_name}"
        )
    return OperationPermission(operation_id, method, path, scope, check)


def _parse_check(
    document: Mapping[str, Any], operation: Mapping[str, Any], ext: Mapping[str, Any], pointer: str
) -> ResourceCheck:
    kind = ext.get("resource")
    spec = Spec(document)
    parameters = {
        (str(p.get("in")), str(p.get("name"))): p
        for p in (spec.deref(p) for p in operation.get("parameters") or [])
        if isinstance(p, Mapping)
    }

    def need_str(key: str) -> str:
        value = ext.get(key)
        if not isinstance(value, str) or not value:
            raise PermissionSpecError(f"{pointer}/{key}", f"`resource: {kind}` needs a string `{key}`")
        return value

    if kind == "none":
        return NoResource()
    if kind in ("path_parameter", "query_parameter", "loaded_object"):
        location = "query" if kind == "query_parameter" else "path"
        name = need_str("parameter")
        parameter = parameters.get((location, name))
        if parameter is None:
            raise PermissionSpecError(f"{pointer}/parameter", f"the operation has no {location} parameter {name!r}")
        if not parameter.get("required"):
            raise PermissionSpecError(f"{pointer}/parameter", f"the {location} parameter {name!r} must be required")
        if kind == "path_parameter":
            return PathParameter(name)
        if kind == "query_parameter":
            return QueryParameter(name, _item_fields(spec, operation, ext, pointer))
        schema_name = need_str("object")
        schema = (document.get("components") or {}).get("schemas", {}).get(schema_name)
        if schema is None:
            raise PermissionSpecError(f"{pointer}/object", f"no schema {schema_name!r} under components/schemas")
        fields = ext.get("fields")
        if not isinstance(fields, list) or not fields or not all(isinstance(f, str) for f in fields):
            raise PermissionSpecError(f"{pointer}/fields", "`loaded_object` needs a non-empty list of field paths")
        for index, field in enumerate(fields):
            if not spec.has_field(schema, field):
                raise PermissionSpecError(f"{pointer}/fields/{index}", f"schema {schema_name} has no field {field!r}")
        return LoadedObject(schema_name, name, tuple(fields))
    if kind == "manual_transfer":
        schema = json_schema(spec.deref(operation.get("requestBody")))
        names = [need_str(key) for key in ("source", "target", "amount")]
        for key, name in zip(("source", "target", "amount"), names, strict=True):
            if not spec.has_field(schema, name):
                raise PermissionSpecError(f"{pointer}/{key}", f"the request body has no field {name!r}")
        return ManualTransferRule(*names)
    raise PermissionSpecError(
        f"{pointer}/resource",
        f"unknown resource {kind!r}; expected none, path_parameter, query_parameter, loaded_object or manual_transfer",
    )


def _item_fields(spec: Spec, operation: Mapping[str, Any], ext: Mapping[str, Any], pointer: str) -> tuple[str, ...]:
    """``fields`` of a query_parameter check: paths into each listed item (``data[]`` of the 200 response)."""
    fields = ext.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise PermissionSpecError(f"{pointer}/fields", "`fields` must be a list of field paths of the listed items")
    data = spec.properties(json_schema(spec.deref((operation.get("responses") or {}).get("200")))).get("data")
    items = (spec.deref(data) or {}).get("items")
    for index, field in enumerate(fields):
        if not spec.has_field(items, field):
            raise PermissionSpecError(f"{pointer}/fields/{index}", f"the listed items have no field {field!r}")
    return tuple(fields)


# --- what a key holds, and the decision ---------------------------------------------


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
