"""House rules that hold each operation's scope against what else the spec says about it.

The scope table is ``x-sequence-scopes`` on the root (the seeds' table, word for word; a
test holds it equal to the seeds). An operation's scope must be the one its description
names, must grant access to what the operation is about (its tag, as the table's
``grants`` column words it), and the ids its permission extension reads must be ids of
the kind the scope's resources are (``account IDs`` -> ``acc_...``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from sequence_toolkit import permissions
from sequence_toolkit.permissions import (
    PERMISSION_EXTENSION,
    SECURITY_SCHEME,
    LoadedObject,
    ManualTransferRule,
    OperationPermission,
    PathParameter,
    QueryParameter,
)
from sequence_toolkit.spec import Spec, join, json_schema

from .bundle import Bundle

Finding = tuple[str, str]

PREFIX_IN_PATTERN = re.compile(r"^\^([a-z]+_)")
PREFIX_IN_VALUE = re.compile(r"^([a-z]+_)[0-9A-Za-z]")


def _stem(tag: str) -> str:
    """``Rule Executions`` -> ``rule execution``: how the table's grants column words a tag."""
    return " ".join(word.lower().removesuffix("s") for word in tag.split())


def scope_consistency(b: Bundle) -> Iterator[Finding]:
    """An operation's scope is the one its description names, and grants what its tag is about."""
    model, _ = permissions.parse(b.document)  # what does not parse is the permission rule's to report
    names = sorted(model.scopes, key=len, reverse=True)
    mentioned = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None
    for pointer, _, _, operation in b.spec.iter_operations():
        permission = model.operations.get(str(operation.get("operationId")))
        if permission is None or mentioned is None:
            continue
        scope = permission.scope
        reasons = []
        named = sorted(set(mentioned.findall(str(operation.get("description", "")))) - {scope.name})
        if named:
            reasons.append(f"its description names {' and '.join(named)}")
        tags = [str(t) for t in operation.get("tags") or []]
        if tags and not any(_stem(tag) in scope.grants.lower() for tag in tags):
            reasons.append(
                f"the scope table says {scope.name} grants {scope.grants!r}, which is not about {', '.join(tags)}"
            )
        if reasons:
            yield (
                join(pointer, "security", 0, SECURITY_SCHEME, 0),
                f"{permission.operation_id} asks for {scope.name}, but {'; and '.join(reasons)}",
            )


def _prefixes(spec: Spec, *holders: Any) -> set[str]:
    """The id prefixes a parameter or schema declares: in its pattern, else in its examples."""
    found: set[str] = set()
    for holder in holders:
        holder = spec.deref(holder)
        if not isinstance(holder, Mapping):
            continue
        pattern = PREFIX_IN_PATTERN.match(str(holder.get("pattern", "")))
        if pattern:
            return {pattern.group(1)}
        values = [holder.get("example"), *(holder.get("examples") or [])]
        found |= {m.group(1) for v in values if isinstance(v, str) and (m := PREFIX_IN_VALUE.match(v))}
    return found


def _field(spec: Spec, schema: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        schema = spec.properties(schema).get(part)
    return schema


def _ids_read(
    spec: Spec, operation: Mapping[str, Any], permission: OperationPermission
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(key of the extension that names it, where the id is described) for each id the check reads."""
    check = permission.check

    def parameter(location: str, name: str) -> tuple[Any, ...]:
        found = next((p for p in spec.parameters(operation) if p.location == location and p.name == name), None)
        return () if found is None else (found.raw, found.schema)

    if isinstance(check, PathParameter):
        yield "parameter", parameter("path", check.parameter)
    elif isinstance(check, QueryParameter):
        yield "parameter", parameter("query", check.parameter)
        data = spec.properties(json_schema(spec.deref((operation.get("responses") or {}).get("200")))).get("data")
        items = (spec.deref(data) or {}).get("items")
        for index, name in enumerate(check.fields):
            yield f"fields/{index}", (_field(spec, items, name),)
    elif isinstance(check, LoadedObject):
        for index, name in enumerate(check.fields):
            yield f"fields/{index}", (_field(spec, spec.schemas.get(check.object), name),)
    elif isinstance(check, ManualTransferRule):
        body = json_schema(spec.deref(operation.get("requestBody")))
        yield "source", (_field(spec, body, check.source),)
        yield "target", (_field(spec, body, check.target),)


def permission_ids(b: Bundle) -> Iterator[Finding]:
    """The ids an operation's permission check reads are ids of the kind its scope's resources are."""
    model, _ = permissions.parse(b.document)
    spec = b.spec
    for pointer, _, _, operation in spec.iter_operations():
        permission = model.operations.get(str(operation.get("operationId")))
        if permission is None:
            continue
        kind = permission.scope.resource_kind
        kind = "account" if kind == "transfer_pair" else kind  # a pair of accounts
        expected = _prefixes(spec, _field(spec, spec.schemas.get(kind.capitalize()), "id"))
        if len(expected) != 1:
            continue  # `none`, or a kind whose own ids say nothing
        for key, holders in _ids_read(spec, operation, permission):
            found = _prefixes(spec, *holders)
            if found and found != expected:
                yield (
                    join(pointer, PERMISSION_EXTENSION) + "/" + key,
                    f"{permission.scope.name} takes {permission.scope.resources!r} ({next(iter(expected))}...), "
                    f"but {key.split('/')[0]} reads {', '.join(sorted(p + '...' for p in found))} ids",
                )
