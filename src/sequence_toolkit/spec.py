"""The one reader of the bundled spec: load it, and answer what the rest of the toolkit asks of it.

The bundle (``generated/openapi.yaml``) ships inside the package as ``sequence_toolkit/openapi.yaml``
(a link to the generated file in a checkout, the file itself in a wheel), so installed code finds it
anywhere. Everything that reads a spec goes through :class:`Spec`: operations with their parameters,
request and response JSON schemas, error statuses, ``$ref`` resolution and JSON pointers.

    spec = load_spec()                       # the bundled spec
    op = spec.operation("getTransfer")
    op.parameter("query", "first"), op.body_schema, op.response_schema("200"), spec.error_statuses
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

try:  # libyaml's loader reads the same documents several times faster (0.02 s for the bundle, not 0.14 s)
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON = "application/json"
ERROR_CODE_SCHEMA = "ErrorCode"
ERROR_STATUSES_EXTENSION = "x-sequence-error-statuses"


class SpecNotFoundError(FileNotFoundError):
    """No spec where one was asked for; the message says where it looked and what to do."""


def bundled_spec_path() -> Path:
    """The bundled spec shipped with the package."""
    path = Path(str(resources.files("sequence_toolkit").joinpath("openapi.yaml")))
    if not path.is_file():
        raise SpecNotFoundError(f"no bundled spec at {path}: run `make generate` (or pass a spec path)")
    return path


def load_document(path: str | Path | None = None) -> dict[str, Any]:
    """The raw document at ``path`` (default: the bundled spec), parsed from YAML or JSON."""
    source = Path(path) if path is not None else bundled_spec_path()
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecNotFoundError(f"no spec at {source}") from None
    return parse_document(text, str(source))


def parse_document(text: str, source: str = "<string>") -> dict[str, Any]:
    """The raw document in ``text`` (YAML or JSON); ``source`` names it in the error for a non-mapping."""
    document = yaml.load(text, Loader=_SafeLoader)
    if not isinstance(document, dict):
        raise ValueError(f"{source}: not an OpenAPI document (the top level is not a mapping)")
    return document


def load_spec(path: str | Path | None = None) -> Spec:
    """The :class:`Spec` at ``path`` (default: the bundled spec)."""
    return Spec(load_document(path))


# --- JSON pointers ------------------------------------------------------------------


def base_path(document: Mapping[str, Any]) -> str:
    """The path of the document's first server URL (``/api/v1``), without a trailing slash; '' if none."""
    servers = document.get("servers") or [{}]
    return urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")


def escape(token: object) -> str:
    """One JSON-pointer token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: object) -> str:
    """``pointer`` extended by ``tokens``, each escaped."""
    return pointer + "".join("/" + escape(t) for t in tokens)


def resolve_pointer(document: Any, pointer: str) -> Any:
    """What ``pointer`` (``/a/b`` or ``#/a/b``) names in ``document``; None when nothing is there."""
    node = document
    for token in pointer.removeprefix("#").split("/")[1:]:
        token = unescape(token)
        if isinstance(node, Mapping):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def deref(document: Any, node: Any) -> Any:
    """Follow local ``#/...`` references from ``node`` to what they name (None when dangling)."""
    for _ in range(32):
        if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#")):
            return node
        node = resolve_pointer(document, node["$ref"])
    return node


def json_media(holder: Any) -> Mapping[str, Any] | None:
    """The ``application/json`` media type object of a request body or response object (None when it has none)."""
    if not isinstance(holder, Mapping):
        return None
    media = (holder.get("content") or {}).get(JSON)
    return media if isinstance(media, Mapping) else None


def json_schema(holder: Any) -> Any:
    """The ``application/json`` schema of a request body or response object (None when it has none)."""
    media = json_media(holder)
    return media.get("schema") if media is not None else None


# --- the typed view -----------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path, query, header
    required: bool
    schema: Mapping[str, Any]  # dereferenced at the top
    raw: Mapping[str, Any]


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # lower case
    path: str
    pointer: str  # /paths/<path>/<method>
    raw: Mapping[str, Any]
    parameters: tuple[Parameter, ...]
    body: Mapping[str, Any] | None  # the request body object, dereferenced
    body_schema: Mapping[str, Any] | None  # its JSON schema, dereferenced at the top
    responses: Mapping[str, Mapping[str, Any]]  # status -> response object, dereferenced

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self.raw.get("tags") or ())

    @property
    def statuses(self) -> frozenset[str]:
        return frozenset(self.responses)

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes its security requirements name."""
        return tuple(s for requirement in self.raw.get("security") or () for v in requirement.values() for s in v)

    def parameter(self, location: str, name: str) -> Parameter | None:
        def same(p: Parameter) -> bool:  # header names are case-insensitive
            return p.name == name or (location == "header" and p.name.lower() == name.lower())

        return next((p for p in self.parameters if p.location == location and same(p)), None)

    @property
    def paginated(self) -> bool:
        return self.parameter("query", "first") is not None and self.parameter("query", "after") is not None

    def response_schema(self, status: str) -> Any:
        return json_schema(self.responses.get(status))


class Spec:
    """A parsed OpenAPI document. Tolerant: malformed parts are skipped here and reported by the lint."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def deref(self, node: Any) -> Any:
        return deref(self.document, node)

    def resolve(self, pointer: str) -> Any:
        return resolve_pointer(self.document, pointer)

    @property
    def schemas(self) -> Mapping[str, Any]:
        return (self.document.get("components") or {}).get("schemas") or {}

    def iter_operations(self) -> Iterator[tuple[str, str, str, Mapping[str, Any]]]:
        """(pointer, path, method, raw operation) for every operation, in document order."""
        for path, item in (self.document.get("paths") or {}).items():
            if not isinstance(item, Mapping):
                continue
            for method, operation in item.items():
                if method in HTTP_METHODS and isinstance(operation, Mapping):
                    yield join("/paths", path, method), path, method, operation

    def parameters(self, operation: Mapping[str, Any], path: str | None = None) -> tuple[Parameter, ...]:
        """The named parameters of a raw ``operation``, dereferenced; with ``path``, its path item's come first."""
        item = (self.document.get("paths") or {}).get(path) if path is not None else None
        shared = (item.get("parameters") if isinstance(item, Mapping) else None) or []
        found = []
        for p in [*shared, *(operation.get("parameters") or [])]:
            p = self.deref(p)
            if isinstance(p, Mapping) and isinstance(p.get("name"), str):
                schema = self.deref(p.get("schema")) or {}
                found.append(Parameter(p["name"], str(p.get("in")), bool(p.get("required")), schema, p))
        return tuple(found)

    @cached_property
    def operations(self) -> Mapping[str, Operation]:
        """Every operation with an operationId, by operationId, in document order."""
        found: dict[str, Operation] = {}
        for pointer, path, method, raw in self.iter_operations():
            if not isinstance(raw.get("operationId"), str):
                continue
            body = self.deref(raw.get("requestBody"))
            body = body if isinstance(body, Mapping) else None
            responses = {
                str(status): response
                for status, response in ((s, self.deref(r)) for s, r in (raw.get("responses") or {}).items())
                if isinstance(response, Mapping)
            }
            found[raw["operationId"]] = Operation(
                raw["operationId"],
                method,
                path,
                pointer,
                raw,
                self.parameters(raw, path),
                body,
                self.deref(json_schema(body)),
                responses,
            )
        return found

    def operation(self, operation_id: str) -> Operation:
        try:
            return self.operations[operation_id]
        except KeyError:
            raise KeyError(f"no operation {operation_id!r} in the spec") from None

    def operation_at(self, method: str, path: str) -> Operation | None:
        """The operation for ``method`` and the spec's path template (``/accounts/{id}``)."""
        return next((o for o in self.operations.values() if (o.method, o.path) == (method.lower(), path)), None)

    @cached_property
    def error_statuses(self) -> dict[str, int]:
        """Each error code of the ErrorCode enum and its HTTP status (x-sequence-error-statuses), in enum order."""
        codes = self.schemas.get(ERROR_CODE_SCHEMA) or {}
        statuses = codes.get(ERROR_STATUSES_EXTENSION) or {}
        return {code: int(statuses[code]) for code in codes.get("enum") or [] if code in statuses}

    def properties(self, schema: Any) -> dict[str, Any]:
        """The properties an object schema declares, through ``$ref`` and ``allOf``."""
        schema = self.deref(schema)
        found: dict[str, Any] = {}
        if not isinstance(schema, Mapping):
            return found
        for branch in schema.get("allOf") or []:
            found.update(self.properties(branch))
        found.update(schema.get("properties") or {})
        return found

    def has_field(self, schema: Any, dotted: str) -> bool:
        """Whether ``dotted`` (``source.id``) names a property path of ``schema``."""
        for part in dotted.split("."):
            properties = self.properties(schema)
            if part not in properties:
                return False
            schema = properties[part]
        return True
