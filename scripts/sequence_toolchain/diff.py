"""``make diff BASE=<ref>``: every change between two bundled specs, classed breaking or not, and the
version bump it needs.

Operations are matched by method and path shape (``/accounts/{}``), parameters by location and
name, schemas structurally (following ``$ref`` on both sides). A change in a shared component is
reported once, at the component. Requests and responses are judged in opposite directions: a
request may only widen (accept more), a response may only narrow (send less), since the client's
models are closed (literal enums, checked unions). The permission model is part of the contract:
changing an operation's scope or resource rule is breaking.

A breaking change needs a major bump of ``info.version``; any other change a minor bump.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from sequence_toolkit.permissions import PERMISSION_EXTENSION
from sequence_toolkit.spec import deref

from .generate import BUNDLE_NAME, REPO, SPEC_ROOT
from .lint import json_schema, operations

#: rule -> (breaking, what it means); every change names one of these
RULES: dict[str, tuple[bool, str]] = {
    "operation-removed": (True, "an operation was removed"),
    "operation-added": (False, "an operation was added"),
    "operation-id-changed": (True, "an operationId was renamed (client method names change)"),
    "server-url-changed": (True, "the server URL changed"),
    "security-scope-changed": (True, "the scope an operation needs changed"),
    "permission-rule-changed": (True, "the resource an operation's scope is checked against changed"),
    "path-parameter-renamed": (True, "a path parameter was renamed"),
    "parameter-removed": (True, "a parameter was removed"),
    "parameter-added-required": (True, "a required parameter was added"),
    "parameter-added-optional": (False, "an optional parameter was added"),
    "parameter-became-required": (True, "a parameter became required"),
    "parameter-became-optional": (False, "a parameter became optional"),
    "parameter-default-changed": (True, "a parameter's default changed"),
    "request-body-became-required": (True, "the request body became required"),
    "request-body-became-optional": (False, "the request body became optional"),
    "request-field-removed": (True, "a request field was removed"),
    "request-field-added-required": (True, "a required request field was added"),
    "request-field-added-optional": (False, "an optional request field was added"),
    "request-field-became-required": (True, "a request field became required"),
    "request-field-became-optional": (False, "a request field became optional"),
    "request-type-narrowed": (True, "a request value accepts fewer types, formats or variants"),
    "request-type-widened": (False, "a request value accepts more types, formats or variants"),
    "request-enum-value-removed": (True, "a request enum lost a value"),
    "request-enum-value-added": (False, "a request enum gained a value"),
    "request-constraint-tightened": (True, "a request value's limits tightened (length, range, pattern, items)"),
    "request-constraint-relaxed": (False, "a request value's limits relaxed"),
    "response-status-removed": (True, "a documented response status was removed"),
    "response-status-added": (False, "a response status was documented"),
    "response-field-removed": (True, "a response field was removed"),
    "response-field-added": (False, "a response field was added"),
    "response-field-became-optional": (True, "a response field is no longer always present"),
    "response-field-became-required": (False, "a response field is now always present"),
    "response-type-widened": (True, "a response value may have more types, formats or variants"),
    "response-type-narrowed": (False, "a response value has fewer types, formats or variants"),
    "response-enum-value-added": (True, "a response enum gained a value (closed client enums reject it)"),
    "response-enum-value-removed": (True, "a response enum lost a value"),
    "response-header-removed": (True, "a response header was removed"),
    "response-header-added": (False, "a response header was added"),
}

_LOWER = {"maxLength", "maximum", "exclusiveMaximum", "maxItems"}  # a smaller value tightens
_UPPER = {"minLength", "minimum", "exclusiveMinimum", "minItems"}  # a larger value tightens


class DiffError(Exception):
    pass


@dataclass(frozen=True, order=True)
class Change:
    side: str  # operation | request | response
    where: str
    rule: str
    detail: str

    @property
    def breaking(self) -> bool:
        return RULES[self.rule][0]

    def __str__(self) -> str:
        return f"  {'BREAKING' if self.breaking else 'ok      '}  {self.rule:31} {self.where}: {self.detail}"


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        self.changes: set[Change] = set()
        self.seen: set[tuple[str, str, str]] = set()

    def add(self, side: str, where: str, rule: str, detail: str) -> None:
        assert rule in RULES, rule
        self.changes.add(Change(side, where, rule, detail))

    # --- documents ---------------------------------------------------------------------

    def run(self) -> list[Change]:
        old_servers = [s.get("url") for s in self.old.get("servers", [])]
        new_servers = [s.get("url") for s in self.new.get("servers", [])]
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

    def operation(self, key: tuple[str, str], old: tuple[str, dict[str, Any]], new: tuple[str, dict[str, Any]]) -> None:
        (old_path, old_op), (new_path, new_op) = old, new
        where = _label(key, new)
        if old_op.get("operationId") != new_op.get("operationId"):
            detail = f"{old_op.get('operationId')} -> {new_op.get('operationId')}"
            self.add("operation", where, "operation-id-changed", detail)
        if _scopes(old_op) != _scopes(new_op):
            self.add("operation", where, "security-scope-changed", f"{_scopes(old_op)} -> {_scopes(new_op)}")
        if old_op.get(PERMISSION_EXTENSION) != new_op.get(PERMISSION_EXTENSION):
            detail = f"{old_op.get(PERMISSION_EXTENSION)} -> {new_op.get(PERMISSION_EXTENSION)}"
            self.add("operation", where, "permission-rule-changed", detail)
        old_names, new_names = re.findall(r"{([^}]+)}", old_path), re.findall(r"{([^}]+)}", new_path)
        for before, after in zip(old_names, new_names, strict=True):
            if before != after:
                self.add("request", where, "path-parameter-renamed", f"{{{before}}} -> {{{after}}}")
        self.parameters(where, old_op, new_op, dict(zip(old_names, new_names, strict=True)))
        self.request_body(where, old_op.get("requestBody"), new_op.get("requestBody"))
        self.responses(where, old_op.get("responses", {}), new_op.get("responses", {}))

    def parameters(self, where: str, old_op: dict[str, Any], new_op: dict[str, Any], renamed: dict[str, str]) -> None:
        old = {}
        for parameter in self._params(self.old, old_op):
            name = renamed.get(parameter["name"], parameter["name"]) if parameter["in"] == "path" else parameter["name"]
            old[(parameter["in"], name)] = parameter
        new = {(p["in"], p["name"]): p for p in self._params(self.new, new_op)}
        for location, name in sorted(old.keys() - new.keys()):
            self.add("request", where, "parameter-removed", f"{location} parameter {name}")
        for location, name in sorted(new.keys() - old.keys()):
            rule = "parameter-added-required" if new[(location, name)].get("required") else "parameter-added-optional"
            self.add("request", where, rule, f"{location} parameter {name}")
        for key in sorted(old.keys() & new.keys()):
            before, after = old[key], new[key]
            label = f"{key[0]} parameter {key[1]}"
            if bool(before.get("required")) != bool(after.get("required")):
                rule = "parameter-became-required" if after.get("required") else "parameter-became-optional"
                self.add("request", where, rule, label)
            old_schema = _resolve(self.old, before.get("schema", {}))
            new_schema = _resolve(self.new, after.get("schema", {}))
            if old_schema.get("default") != new_schema.get("default"):
                detail = f"{label}: {old_schema.get('default')!r} -> {new_schema.get('default')!r}"
                self.add("request", where, "parameter-default-changed", detail)
            self.schema("request", f"{where} {label}", before.get("schema", {}), after.get("schema", {}))

    def _params(self, document: dict[str, Any], op: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for parameter in op.get("parameters", []):
            yield _resolve(document, parameter)

    def request_body(self, where: str, old: Any, new: Any) -> None:
        old, new = _resolve(self.old, old or {}), _resolve(self.new, new or {})
        if bool(old.get("required")) != bool(new.get("required")):
            rule = "request-body-became-required" if new.get("required") else "request-body-became-optional"
            self.add("request", where, rule, "body")
        self.schema("request", f"{where} body", json_schema(old) or {}, json_schema(new) or {})

    def responses(self, where: str, old: dict[str, Any], new: dict[str, Any]) -> None:
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
        if gained:
            rule = "request-type-widened" if side == "request" else "response-type-widened"
            self.add(side, where, rule, f"{keyword} gained {', '.join(gained)}")
        for key in sorted(old_keys.keys() & new_keys.keys()):
            self.schema(side, f"{where}.{keyword}[{key}]", old_keys[key], new_keys[key])


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    """Operations by method and path shape (``/accounts/{}``), so a renamed path parameter still matches."""
    return {
        (method.upper(), re.sub(r"{[^}]+}", "{}", path)): (path, op) for _, path, method, op in operations(document)
    }


def _label(key: tuple[str, str], operation: tuple[str, dict[str, Any]]) -> str:
    return f"{key[0]} {operation[0]} ({operation[1].get('operationId', '?')})"


def _scopes(op: dict[str, Any]) -> list[list[str]]:
    return sorted(sorted(scopes) for requirement in op.get("security", []) for scopes in requirement.values())


def _resolve(document: dict[str, Any], node: Any) -> Any:
    found = deref(document, node)  # the same reference rules the permission model reads the spec with
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


# --- versions ---------------------------------------------------------------------------


def _semver(version: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(?:[-+].*)?", version.strip())
    if not match:
        raise DiffError(f"info.version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def version_problem(old_version: str, new_version: str, changes: list[Change]) -> str | None:
    """Why ``new_version`` is not enough for ``changes``; None when it is."""
    old, new = _semver(old_version), _semver(new_version)
    if new < old:
        return f"info.version went down: {old_version} -> {new_version}"
    if any(c.breaking for c in changes):
        if new[0] <= old[0]:
            return (
                f"breaking changes need a major version: {old_version} -> {old[0] + 1}.0.0 or later, not {new_version}"
            )
    elif changes and new[:2] <= old[:2]:
        wanted = f"{old[0]}.{old[1] + 1}.0"
        return f"non-breaking changes need a minor version: {old_version} -> {wanted} or later, not {new_version}"
    return None


# --- make diff ------------------------------------------------------------------------------


def spec_at(ref: str) -> dict[str, Any] | None:
    """The bundled spec committed at ``ref``; None when that commit has none."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)

    if git("rev-parse", "--verify", "--quiet", f"{ref}^{{tree}}").returncode != 0:
        raise DiffError(f"{ref!r} is not a commit or tree of this repository")
    blob = f"{ref}:generated/{BUNDLE_NAME}"
    if git("cat-file", "-e", blob).returncode != 0:
        return None
    shown = git("show", blob)
    if shown.returncode != 0:
        raise DiffError(f"git show {blob} failed: {shown.stderr.strip()}")
    document: dict[str, Any] = yaml.safe_load(shown.stdout)
    return document


def current_spec() -> dict[str, Any]:
    """The working tree's spec, bundled in memory (so an edit is judged before `make generate`)."""
    from .bundle import bundle
    from .specfiles import SpecLoadError, SpecTree

    try:
        tree = SpecTree.load(SPEC_ROOT)
    except SpecLoadError as exc:
        raise DiffError(f"{exc.location}: {exc.message}") from exc
    result = bundle(tree)
    if result.problems or tree.problems:
        raise DiffError("the spec does not bundle; run `make validate` to see why")
    return result.document


def report(changes: list[Change], old_version: str, new_version: str, base: str) -> list[str]:
    lines = [f"API changes from {base} ({old_version}) to the working tree ({new_version}):"]
    for side, title in (("operation", "operations"), ("request", "requests"), ("response", "responses")):
        mine = [c for c in changes if c.side == side]
        lines.append(f"{title}: {len(mine) or 'no changes'}")
        lines += [str(c) for c in mine]
    breaking = sum(c.breaking for c in changes)
    lines.append(f"{breaking} breaking, {len(changes) - breaking} non-breaking")
    return lines


def run_diff(base: str, old: dict[str, Any] | None = None, new: dict[str, Any] | None = None) -> int:
    """Print the report; 1 when the version bump is missing, 0 otherwise."""
    old = old if old is not None else spec_at(base)
    if old is None:
        print(f"diff: {base} has no generated/{BUNDLE_NAME}; nothing to compare")
        return 0
    new = new if new is not None else current_spec()
    changes = diff(old, new)
    old_version, new_version = str(old["info"]["version"]), str(new["info"]["version"])
    print("\n".join(report(changes, old_version, new_version, base)))
    problem = version_problem(old_version, new_version, changes)
    if problem:
        print(f"diff: {problem}; set info.version in openapi/sequence.yaml")
        return 1
    return 0
