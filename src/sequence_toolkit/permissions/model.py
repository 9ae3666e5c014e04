"""The permission model, parsed and checked from a (bundled) spec: the scope table and each operation's check."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..spec import HTTP_METHODS, Spec, join, json_schema, load_document
from .decide import PermissionEntry
from .types import (
    PERMISSION_EXTENSION,
    RESOURCE_KINDS,
    SCOPES_EXTENSION,
    SECURITY_SCHEME,
    LoadedObject,
    ManualTransferRule,
    NoResource,
    OperationPermission,
    PathParameter,
    QueryParameter,
    ResourceCheck,
    Scope,
)


class PermissionSpecError(ValueError):
    """The spec's permission model is malformed; ``pointer`` says where (in the bundled spec)."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(f"{pointer}: {message}")
        self.pointer = pointer
        self.message = message


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
