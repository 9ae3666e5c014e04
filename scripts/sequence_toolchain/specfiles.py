"""Load the split OpenAPI spec: its files, their components, and where each node sits.

The layout is a convention, not configuration:

- ``sequence.yaml`` is the root; each entry of its ``paths`` is a ``$ref`` to one
  file under ``paths/``;
- ``components/<kind>.yaml`` and ``components/<kind>/*.yaml`` define components:
  every top-level key of such a file is one named component of that kind.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from sequence_toolkit.spec import join, unescape

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ROOT_NAME = "sequence.yaml"

#: component kind as it appears in the file layout -> key under ``components``
COMPONENT_KINDS = {
    "schemas": "schemas",
    "parameters": "parameters",
    "headers": "headers",
    "responses": "responses",
    "examples": "examples",
    "links": "links",
    "request_bodies": "requestBodies",
    "security_schemes": "securitySchemes",
}


@dataclass(frozen=True, order=True)
class Location:
    """A place in one file of the split spec: the file and a JSON pointer inside it."""

    file: str  # path as shown to people (relative to the working directory when possible)
    pointer: str  # JSON pointer inside that file, "" for the whole document
    line: int | None = None

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        return f"{self.file}{line} {self.pointer or '/'}"


class SpecLoadError(Exception):
    """A file of the spec cannot be read or parsed."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def split_pointer(pointer: str) -> list[str]:
    """The unescaped tokens of a JSON pointer; ``""`` and ``"/"`` both name the whole document."""
    if pointer in ("", "/"):
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def get_at(document: Any, pointer: str) -> Any:
    """The node at ``pointer``; KeyError when there is none."""
    node = document
    for token in split_pointer(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


def display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass
class SpecFile:
    path: Path
    text: str
    data: Any

    @property
    def name(self) -> str:
        return display_path(self.path)

    @functools.cached_property
    def _lines(self) -> dict[str, int]:
        lines: dict[str, int] = {}

        def walk(node: yaml.Node, pointer: str) -> None:
            lines[pointer] = node.start_mark.line + 1
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    child = join(pointer, key.value)
                    walk(value, child)
                    lines[child] = key.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    walk(item, join(pointer, index))

        root = yaml.compose(self.text, Loader=_Loader)
        if root is not None:
            walk(root, "")
        return lines

    def line_of(self, pointer: str) -> int | None:
        """The line of the node at ``pointer``, or of its nearest existing ancestor."""
        tokens = split_pointer(pointer)
        while True:
            candidate = join("", *tokens)
            if candidate in self._lines:
                return self._lines[candidate]
            if not tokens:
                return None
            tokens.pop()

    def location(self, pointer: str = "") -> Location:
        return Location(self.name, pointer, self.line_of(pointer))


def load_file(path: Path) -> SpecFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecLoadError(Location(display_path(path), ""), f"cannot read file: {exc.strerror}") from exc
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = yaml_error_mark(exc)
        where = Location(display_path(path), "", mark.line + 1 if mark else None)
        what = "; ".join(" ".join(str(part).split()) for part in (exc.context, exc.problem) if part)
        raise SpecLoadError(where, f"invalid YAML: {what}") from exc
    except yaml.YAMLError as exc:  # no position (an encoding error, say)
        raise SpecLoadError(Location(display_path(path), "", 1), f"invalid YAML: {exc}") from exc
    except (ValueError, TypeError) as exc:  # a scalar its tag cannot hold (`!!int abc`)
        line, what = _unconstructible(text) or (1, str(exc))
        raise SpecLoadError(Location(display_path(path), "", line), f"invalid YAML: {what}") from exc
    return SpecFile(path, text, data)


def _unconstructible(text: str) -> tuple[int, str] | None:
    """The line of the first scalar whose tag cannot make a value of it, and why."""
    constructor = yaml.constructor.SafeConstructor()
    stack = [yaml.compose(text, Loader=_Loader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except (ValueError, TypeError, yaml.YAMLError) as exc:
                return node.start_mark.line + 1, f"{node.value!r} is not a valid {node.tag.rsplit(':', 1)[-1]} ({exc})"
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def yaml_error_mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where the mistake was written, which is not always where the parser noticed it.

    A construct left open (a flow ``[``/``{``, a quoted scalar, a key without its ``:``) is noticed
    on a later line, or at the end of the file; the mistake is where it was opened, the context mark.
    Anything else (a bad indent, a stray ``:``, a tab) is at the problem mark.
    """
    context = exc.context or ""
    if exc.context_mark is not None and context.startswith(("while scanning", "while parsing a flow")):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


@dataclass(frozen=True)
class Component:
    kind: str  # key under ``components``: schemas, parameters, ...
    name: str
    file: SpecFile

    @property
    def pointer(self) -> str:
        return join("", self.name)

    @property
    def ref(self) -> str:
        return f"#/components/{self.kind}/{self.name}"


@dataclass
class SpecTree:
    """All files of the split spec, loaded, with the components they define."""

    directory: Path
    root: SpecFile
    files: dict[Path, SpecFile] = field(default_factory=dict)
    components: dict[tuple[str, str], Component] = field(default_factory=dict)
    #: (file, pointer) -> component defined there
    by_location: dict[tuple[Path, str], Component] = field(default_factory=dict)
    #: problems found while loading: duplicate component names, unknown component folders
    problems: list[tuple[Location, str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, root_path: Path) -> SpecTree:
        root_path = root_path.resolve()
        directory = root_path.parent
        tree = cls(directory, load_file(root_path))
        tree.files[root_path] = tree.root
        for path in sorted(directory.rglob("*.yaml")):
            if path == root_path:
                continue
            spec_file = load_file(path)
            tree.files[path] = spec_file
            kind = tree._component_kind(path)
            if kind is None:
                continue
            if not isinstance(spec_file.data, dict):
                tree.problems.append(
                    (spec_file.location(), "component-file", "a component file must be a mapping of component names")
                )
                continue
            for name in spec_file.data:
                component = Component(kind, str(name), spec_file)
                if (kind, component.name) in tree.components:
                    first = tree.components[(kind, component.name)]
                    tree.problems.append(
                        (
                            spec_file.location(component.pointer),
                            "component-duplicate",
                            f"{kind} component {component.name!r} is already defined in {first.file.name}",
                        )
                    )
                    continue
                tree.components[(kind, component.name)] = component
                tree.by_location[(path, component.pointer)] = component
        return tree

    def _component_kind(self, path: Path) -> str | None:
        relative = path.relative_to(self.directory).parts
        if not relative or relative[0] != "components":
            return None
        folder = relative[1] if len(relative) > 2 else Path(relative[1]).stem
        if folder not in COMPONENT_KINDS:
            self.problems.append(
                (
                    Location(display_path(path), "", 1),
                    "component-file",
                    f"unknown component kind {folder!r}; expected one of {', '.join(sorted(COMPONENT_KINDS))}",
                )
            )
            return None
        return COMPONENT_KINDS[folder]

    def resolve(self, source: SpecFile, ref: str) -> tuple[Path, str]:
        """The (file, pointer) a ``$ref`` written in ``source`` points at."""
        target, _, fragment = ref.partition("#")
        path = (source.path.parent / unquote(target)).resolve() if target else source.path
        return path, unquote(fragment)
