"""The comparison engine: every change between two bundled specs, each named by a rule of :mod:`.changes`.

Operations are matched by method and path shape (``/accounts/{}``), parameters by location and
name, schemas structurally (following ``$ref`` on both sides). A change in a shared component is
reported once, at the component. Requests and responses are judged in opposite directions: a
request may only widen (accept more), a response may only narrow (send less), since the client's
models are closed. Two exceptions, marked as warnings (clients before 1.2.0 fail on them): a response
enum value added (the client's enums are open) and an object variant added to a response union the
client reads as open (two or more object variants: an unknown one is an ``UnknownVariant``). The
permission model is part of the contract: changing an operation's scope or resource rule is breaking.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sequence_toolkit.permissions import PERMISSION_EXTENSION
from sequence_toolkit.spec import Spec, json_schema

from .changes import CHANGE_RULES, Change

RawOperation = Mapping[str, Any]  # a raw operation object, as the spec writes it

_LOWER = {"maxLength", "maximum", "exclusiveMaximum", "maxItems"}  # a smaller value tightens
_UPPER = {"minLength", "minimum", "exclusiveMinimum", "minItems"}  # a larger value tightens


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = Spec(old), Spec(new)
        self.changes: set[Change] = set()
        self.seen: set[tuple[str, str, str]] = set()

    def add(self, side: str, where: str, rule: str, detail: str) -> None:
        assert rule in CHANGE_RULES, rule
        self.changes.add(Change(side, where, rule, detail))

    # --- documents ---------------------------------------------------------------------

    def run(self) -> list[Change]:
        old_servers = [s.get("url") for s in self.old.document.get("servers", [])]
        new_servers = [s.get("url") for s in self.new.document.get("servers", [])]
        if old_servers[:1] != new_servers[:1]:
            self.add("operation", "servers", "server-url-changed", f"{old_servers[:1]} -> {new_servers[:1]}")
        old_ops, new_ops = _operations(self.old), _operations(self.new)
        for key in sorted(old_ops.keys() - new_ops.keys()):
            self.add("operation", _label(key, old_ops[key]), "operation-removed", "no longer in the spec")
        for key in sorted(new_ops.keys() - old_ops.keys()):
            self.add("operation", _label(key, new_ops[key]), "operation-added", "new")
        for key in sorted(old_ops.keys() & new_ops.keys()):
            self.operation(key, old_ops[key], new_ops[key])
        return sorted(self.changes)

    def operation(self, key: tuple[str, str], old: tuple[str, RawOperation], new: tuple[str, RawOperation]) -> None:
        (old_path, old_op), (new_path, new_op) = old, new
        where = _label(key, new)
        if old_op.get("operationId") != new_op.get("operationId"):
            detail = f"{old_op.get('operationId')} -> {new_op.get('operationId')}"
            self.add("operation", where, "operation-id-changed", detail)
        if _scopes(old_op) != _scopes(new_op):
            self.add("operation", where, "security-scope-changed", f"{_scopes(old_op)} -> {_scopes(new_op)}")
        old_rule, new_rule = old_op.get(PERMISSION_EXTENSION) or {}, new_op.get(PERMISSION_EXTENSION) or {}
        detail = f"{old_rule} -> {new_rule}"
        if _without_fields(old_rule) != _without_fields(new_rule):
            self.add("operation", where, "permission-rule-changed", detail)
        elif old_rule.get("fields") != new_rule.get("fields"):  # where listed items hold the filter: documentation
            self.add("operation", where, "permission-fields-changed", detail)
        old_names, new_names = re.findall(r"{([^}]+)}", old_path), re.findall(r"{([^}]+)}", new_path)
        for before, after in zip(old_names, new_names, strict=True):
            if before != after:
                self.add("request", where, "path-parameter-renamed", f"{{{before}}} -> {{{after}}}")
        self.parameters(where, old_op, new_op, dict(zip(old_names, new_names, strict=True)))
        self.request_body(where, old_op.get("requestBody"), new_op.get("requestBody"))
        self.responses(where, old_op.get("responses", {}), new_op.get("responses", {}))

    def parameters(self, where: str, old_op: RawOperation, new_op: RawOperation, renamed: dict[str, str]) -> None:
        old = {}
        for parameter in self.old.parameters(old_op):
            name = renamed.get(parameter.name, parameter.name) if parameter.location == "path" else parameter.name
            old[(parameter.location, name)] = parameter
        new = {(p.location, p.name): p for p in self.new.parameters(new_op)}
        for location, name in sorted(old.keys() - new.keys()):
            self.add("request", where, "parameter-removed", f"{location} parameter {name}")
        for location, name in sorted(new.keys() - old.keys()):
            rule = "parameter-added-required" if new[(location, name)].required else "parameter-added-optional"
            self.add("request", where, rule, f"{location} parameter {name}")
        for key in sorted(old.keys() & new.keys()):
            before, after = old[key], new[key]
            label = f"{key[0]} parameter {key[1]}"
            if before.required != after.required:
                rule = "parameter-became-required" if after.required else "parameter-became-optional"
                self.add("request", where, rule, label)
            if before.schema.get("default") != after.schema.get("default"):
                detail = f"{label}: {before.schema.get('default')!r} -> {after.schema.get('default')!r}"
                self.add("request", where, "parameter-default-changed", detail)
            self.schema("request", f"{where} {label}", before.raw.get("schema", {}), after.raw.get("schema", {}))

    def request_body(self, where: str, old: Any, new: Any) -> None:
        old, new = _resolve(self.old, old or {}), _resolve(self.new, new or {})
        if bool(old.get("required")) != bool(new.get("required")):
            rule = "request-body-became-required" if new.get("required") else "request-body-became-optional"
            self.add("request", where, rule, "body")
        self.schema("request", f"{where} body", json_schema(old) or {}, json_schema(new) or {})

    def responses(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        for status in sorted(old.keys() - new.keys()):
            self.add("response", where, "response-status-removed", str(status))
        for status in sorted(new.keys() - old.keys()):
            self.add("response", where, "response-status-added", str(status))
        for status in sorted(old.keys() & new.keys()):
            before, after = _resolve(self.old, old[status]), _resolve(self.new, new[status])
            label = f"{where} {status}"
            old_headers, new_headers = set(before.get("headers", {})), set(after.get("headers", {}))
            for header in sorted(old_headers - new_headers):
                self.add("response", label, "response-header-removed", header)
            for header in sorted(new_headers - old_headers):
                self.add("response", label, "response-header-added", header)
            self.schema("response", label, json_schema(before) or {}, json_schema(after) or {})

    # --- schemas -----------------------------------------------------------------------

    def schema(self, side: str, where: str, old: Any, new: Any) -> None:
        if not isinstance(old, dict) or not isinstance(new, dict):
            return
        old_ref, new_ref = old.get("$ref"), new.get("$ref")
        if old_ref and new_ref:
            if (side, old_ref, new_ref) in self.seen:  # also ends recursive schemas
                return
            self.seen.add((side, old_ref, new_ref))
            if old_ref == new_ref:
                where = _component(new_ref)  # a shared schema's changes are reported once, at the schema
        old, new = _resolve(self.old, old), _resolve(self.new, new)
        request = side == "request"

        old_types, new_types = _types(old), _types(new)
        if old_types and new_types and old_types != new_types:
            lost, gained = sorted(old_types - new_types), sorted(new_types - old_types)
            detail = f"types {sorted(old_types)} -> {sorted(new_types)}"
            if request:
                self.add(side, where, "request-type-narrowed" if lost else "request-type-widened", detail)
            else:
                self.add(side, where, "response-type-widened" if gained else "response-type-narrowed", detail)
        if old.get("format") != new.get("format"):
            detail = f"format {old.get('format')} -> {new.get('format')}"
            if request:  # a request format dropped accepts more; one added or changed accepts less
                self.add(
                    side,
                    where,
                    "request-type-widened" if new.get("format") is None else "request-type-narrowed",
                    detail,
                )
            else:  # a response format added promises more; one dropped or changed promises less
                self.add(
                    side,
                    where,
                    "response-type-narrowed" if old.get("format") is None else "response-type-widened",
                    detail,
                )

        old_enum, new_enum = _enum(old), _enum(new)
        if old_enum is not None and new_enum is not None:
            for value in sorted(old_enum - new_enum, key=str):
                self.add(side, where, f"{side}-enum-value-removed", repr(value))
            for value in sorted(new_enum - old_enum, key=str):
                self.add(side, where, f"{side}-enum-value-added", repr(value))
        elif new_enum is not None and old_enum is None:
            self.add(side, where, "request-type-narrowed" if request else "response-type-narrowed", "now an enum")
        elif old_enum is not None and new_enum is None:
            self.add(side, where, "request-type-widened" if request else "response-type-widened", "no longer an enum")

        if request:
            self.constraints(where, old, new)
        self.properties(side, where, old, new)
        if "items" in old or "items" in new:
            self.schema(side, f"{where}[]", old.get("items", {}), new.get("items", {}))
        for keyword in ("oneOf", "anyOf"):
            self.variants(side, where, keyword, old.get(keyword, []), new.get(keyword, []))
        for index, (before, after) in enumerate(zip(old.get("allOf", []), new.get("allOf", []), strict=False)):
            self.schema(side, f"{where}.allOf[{index}]", before, after)

    def constraints(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        for keyword in sorted(_LOWER | _UPPER | {"pattern"}):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            detail = f"{keyword} {before} -> {after}"
            if keyword == "pattern":
                tightened = after is not None
            elif before is None or after is None:
                tightened = before is None
            else:
                tightened = after < before if keyword in _LOWER else after > before
            self.add(
                "request", where, "request-constraint-tightened" if tightened else "request-constraint-relaxed", detail
            )

    def properties(self, side: str, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
        old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
        for name in sorted(old_props.keys() - new_props.keys()):
            self.add(side, f"{where}.{name}", f"{side}-field-removed", "no longer in the schema")
        for name in sorted(new_props.keys() - old_props.keys()):
            if side == "response":
                self.add(side, f"{where}.{name}", "response-field-added", "new")
            else:
                rule = "request-field-added-required" if name in new_required else "request-field-added-optional"
                self.add(side, f"{where}.{name}", rule, "new")
        for name in sorted(old_props.keys() & new_props.keys()):
            if (name in old_required) != (name in new_required):
                now_required = name in new_required
                rule = f"{side}-field-became-{'required' if now_required else 'optional'}"
                self.add(side, f"{where}.{name}", rule, "required" if now_required else "optional")
            self.schema(side, f"{where}.{name}", old_props[name], new_props[name])

    def variants(self, side: str, where: str, keyword: str, old: list[Any], new: list[Any]) -> None:
        old_keys = {_variant_key(v, i): v for i, v in enumerate(old)}
        new_keys = {_variant_key(v, i): v for i, v in enumerate(new)}
        lost, gained = sorted(old_keys.keys() - new_keys.keys()), sorted(new_keys.keys() - old_keys.keys())
        if lost:
            rule = "request-type-narrowed" if side == "request" else "response-type-narrowed"
            self.add(side, where, rule, f"{keyword} lost {', '.join(lost)}")
        if gained and side == "request":
            self.add(side, where, "request-type-widened", f"{keyword} gained {', '.join(gained)}")
        elif gained:
            # the client reads a union of two or more object variants as open (an object of a kind it does not
            # know is an UnknownVariant): a new object variant there is safe; null, a plain type, or a second
            # variant where the client saw a single model is not
            open_union = sum(1 for v in old if not _is_null(v)) >= 2 and all(
                _is_null(v) or self.is_object(self.old, v) for v in old
            )
            added = [k for k in gained if open_union and self.is_object(self.new, new_keys[k])]
            widened = [k for k in gained if k not in added]
            if added:
                self.add(side, where, "response-variant-added", f"{keyword} gained {', '.join(added)}")
            if widened:
                self.add(side, where, "response-type-widened", f"{keyword} gained {', '.join(widened)}")
        for key in sorted(old_keys.keys() & new_keys.keys()):
            self.schema(side, f"{where}.{keyword}[{key}]", old_keys[key], new_keys[key])

    @staticmethod
    def is_object(spec: Spec, variant: Any) -> bool:
        """Whether a union member is an object schema (a model to the client), following ``$ref``."""
        schema = _resolve(spec, variant)
        return isinstance(schema, dict) and (
            _types(schema) == {"object"} or ("properties" in schema and not _types(schema))
        )


def _is_null(variant: Any) -> bool:
    return isinstance(variant, dict) and _types(variant) == {"null"}


def _operations(spec: Spec) -> dict[tuple[str, str], tuple[str, RawOperation]]:
    """Operations by method and path shape (``/accounts/{}``), so a renamed path parameter still matches."""
    return {
        (method.upper(), re.sub(r"{[^}]+}", "{}", path)): (path, op) for _, path, method, op in spec.iter_operations()
    }


def _without_fields(rule: Any) -> Any:
    return {k: v for k, v in rule.items() if k != "fields"} if isinstance(rule, dict) else rule


def _label(key: tuple[str, str], operation: tuple[str, RawOperation]) -> str:
    return f"{key[0]} {operation[0]} ({operation[1].get('operationId', '?')})"


def _scopes(op: RawOperation) -> list[list[str]]:
    return sorted(sorted(scopes) for requirement in op.get("security", []) for scopes in requirement.values())


def _resolve(spec: Spec, node: Any) -> Any:
    found = spec.deref(node)  # the same reference rules the permission model reads the spec with
    return {} if found is None else found


def _component(ref: str) -> str:
    return ref.removeprefix("#/components/").replace("/", ".")


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    types = set(declared if isinstance(declared, list) else [declared] if declared else [])
    if schema.get("nullable"):
        types.add("null")
    return types


def _enum(schema: dict[str, Any]) -> set[Any] | None:
    if "enum" in schema:
        return {v for v in schema["enum"] if v is not None}
    if "const" in schema:
        return {schema["const"]}
    return None


def _variant_key(variant: Any, index: int) -> str:
    if isinstance(variant, dict):
        if "$ref" in variant:
            return str(variant["$ref"]).rsplit("/", 1)[-1]
        if variant.get("type") == "null":
            return "null"
    return f"#{index}"


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new`` (bundled specs), sorted by side and place."""
    return _Differ(old, new).run()
