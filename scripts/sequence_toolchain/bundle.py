"""Bundle the split spec into one document whose components keep their names.

Every ``$ref`` to a component file becomes ``#/components/<kind>/<Name>``; the
path files are inlined under ``paths``. openapi-python-client needs exactly this
(a resolver that inlines every reference loses the names).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from sequence_toolkit.spec import Spec, join

from .specfiles import Location, SpecFile, SpecTree, get_at, split_pointer

#: a path of the API: /-separated segments, each a literal or one {parameter}
PATH_TEMPLATE = re.compile(r"^(/([A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\}))+$")
#: the order of keys under ``components`` in the bundle
_KIND_ORDER = ["securitySchemes", "parameters", "headers", "requestBodies", "responses", "links", "examples", "schemas"]


@dataclass(frozen=True)
class Problem:
    """One broken house rule or reference, located in the split file that holds it."""

    location: Location
    rule: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the message holds (a tool's message may span several)."""
        return f"{self.location}: [{self.rule}] {' '.join(self.message.split())}"


@dataclass
class Bundle:
    document: dict[str, Any]
    tree: SpecTree
    #: bundle pointer prefix -> (source file, pointer inside it)
    origins: dict[str, tuple[SpecFile, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: components some $ref points at
    referenced: set[tuple[str, str]] = field(default_factory=set)

    @cached_property
    def spec(self) -> Spec:
        """The bundle read through :class:`Spec` (the document is final once :func:`bundle` returns)."""
        return Spec(self.document)

    def locate(self, pointer: str) -> Location:
        """Where the node at ``pointer`` in the bundle was written in the split spec."""
        tokens = split_pointer(pointer)
        for cut in range(len(tokens), -1, -1):
            prefix = join("", *tokens[:cut])
            if prefix in self.origins:
                source, base = self.origins[prefix]
                return source.location(join(base, *tokens[cut:]))
        return self.tree.root.location(pointer)


def bundle(tree: SpecTree) -> Bundle:
    root = tree.root.data
    result = Bundle({}, tree)
    if not isinstance(root, dict):
        result.problems.append(Problem(tree.root.location(), "root", "the root document must be a mapping"))
        return result
    document: dict[str, Any] = {}
    for key, value in root.items():
        if key not in ("paths", "components"):
            document[key] = copy.deepcopy(value)
    paths: dict[str, Any] = {}
    for path, item in (root.get("paths") or {}).items():
        pointer = join("/paths", path)
        if not PATH_TEMPLATE.match(str(path)):
            message = f"path {path!r} must be /segments, each a name or one {{parameter}}"
            result.problems.append(Problem(tree.root.location(pointer), "path-template", message))
            continue
        if isinstance(item, dict) and set(item) == {"$ref"} and isinstance(item["$ref"], str):
            target_path, fragment = tree.resolve(tree.root, item["$ref"])
            source = tree.files.get(target_path)
            if source is None or fragment:
                result.problems.append(
                    Problem(
                        tree.root.location(pointer),
                        "ref-unresolved",
                        f"path {path!r} must be a $ref to a whole file under paths/; {item['$ref']!r} is not one",
                    )
                )
                continue
            if not isinstance(source.data, dict):
                result.problems.append(
                    Problem(source.location(), "path-file", "a path file must map HTTP methods to operations")
                )
                continue
            result.origins[pointer] = (source, "")
            paths[path] = _rewrite(source.data, source, "", result)
        else:
            result.origins[pointer] = (tree.root, pointer)
            paths[path] = _rewrite(item, tree.root, pointer, result)
    document["paths"] = paths

    components: dict[str, dict[str, Any]] = {}
    for (kind, name), component in tree.components.items():
        pointer = join("/components", kind, name)
        result.origins[pointer] = (component.file, component.pointer)
        body = _rewrite(component.file.data[name], component.file, component.pointer, result)
        components.setdefault(kind, {})[name] = body
    # the root may define components inline, or by $ref to a component file (the security
    # scheme, which other tools need to find in the root); the latter are bundled above
    for kind, entries in (root.get("components") or {}).items():
        for name, value in (entries or {}).items():
            pointer = join("/components", kind, name)
            if isinstance(value, dict) and set(value) == {"$ref"}:
                ref = _component_ref(value["$ref"], tree.root, join(pointer, "$ref"), result)
                if ref != join("#/components", kind, name):
                    result.problems.append(
                        Problem(tree.root.location(pointer), "ref-not-component", f"must refer to {kind} {name!r}")
                    )
            else:
                result.origins[pointer] = (tree.root, pointer)
                components.setdefault(kind, {})[name] = _rewrite(value, tree.root, pointer, result)
    document["components"] = {
        kind: dict(sorted(components[kind].items())) for kind in _KIND_ORDER if kind in components
    }
    result.document = document
    return result


def _rewrite(node: Any, source: SpecFile, pointer: str, result: Bundle) -> Any:
    """A copy of ``node`` (found at ``pointer`` in ``source``) with its refs made bundle-local."""
    if isinstance(node, list):
        return [_rewrite(item, source, join(pointer, i), result) for i, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        child = join(pointer, key)
        if key == "$ref" and isinstance(value, str):
            out[key] = _component_ref(value, source, child, result)
        elif key == "discriminator" and isinstance(value, dict) and isinstance(value.get("mapping"), dict):
            mapping = {
                tag: _component_ref(target, source, join(child, "mapping", tag), result)
                for tag, target in value["mapping"].items()
            }
            out[key] = {**value, "mapping": mapping}
        else:
            out[key] = _rewrite(value, source, child, result)
    return out


def _component_ref(ref: str, source: SpecFile, pointer: str, result: Bundle) -> str:
    tree = result.tree
    if ref.startswith("#/components/") and source is tree.root:
        return ref
    path, fragment = tree.resolve(source, ref)
    target = tree.files.get(path)
    if target is None:
        result.problems.append(Problem(source.location(pointer), "ref-unresolved", f"{ref!r}: no such file {path}"))
        return ref
    try:
        get_at(target.data, fragment)
    except ValueError:
        message = f"{ref!r}: {fragment!r} is not a JSON pointer (write #/Name)"
        result.problems.append(Problem(source.location(pointer), "ref-unresolved", message))
        return ref
    except KeyError:
        result.problems.append(
            Problem(
                source.location(pointer), "ref-unresolved", f"{ref!r}: {target.name} has nothing at {fragment or '/'}"
            )
        )
        return ref
    component = tree.by_location.get((path, fragment))
    if component is None:
        result.problems.append(
            Problem(
                source.location(pointer),
                "ref-not-component",
                f"{ref!r} must point at a whole component (a top-level key of a file under components/)",
            )
        )
        return ref
    result.referenced.add((component.kind, component.name))
    return component.ref


try:  # libyaml's emitter writes the same text several times faster
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(document: dict[str, Any]) -> str:
    """Deterministic YAML: key order kept, no anchors, unicode as is."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def write_bundle(document: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(document), encoding="utf-8")
