"""Where the schemas and examples of a bundled spec are written, for the rules that read them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sequence_toolkit.spec import Spec, join


def example_pointer(example: Any, inline: str) -> str:
    """Where an example is written: its component when it is a $ref, else ``inline``."""
    if isinstance(example, dict) and isinstance(example.get("$ref"), str):
        return str(example["$ref"]).removeprefix("#")
    return inline


def walk_schemas(node: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object under ``node`` (itself a schema), depth first."""
    if not isinstance(node, dict):
        return
    yield pointer, node
    for key in ("properties", "patternProperties", "$defs"):
        children = node.get(key)
        for name, child in children.items() if isinstance(children, dict) else ():
            yield from walk_schemas(child, join(pointer, key, name))
    for key in ("items", "additionalProperties", "not", "contains", "if", "then", "else"):
        if isinstance(node.get(key), dict):
            yield from walk_schemas(node[key], join(pointer, key))
    for key in ("oneOf", "anyOf", "allOf", "prefixItems"):
        children = node.get(key)
        for index, child in enumerate(children if isinstance(children, list) else ()):
            yield from walk_schemas(child, join(pointer, key, index))


def root_schemas(spec: Spec) -> Iterator[tuple[str, Any]]:
    """Each schema not inside another: components, parameters, headers, media types."""
    components = spec.document.get("components") or {}
    for name, schema in spec.schemas.items():
        yield join("/components/schemas", name), schema
    for kind in ("parameters", "headers"):
        for name, holder in (components.get(kind) or {}).items():
            if isinstance(holder, dict):
                yield join("/components", kind, name, "schema"), holder.get("schema")
    for pointer, _, _, operation in spec.iter_operations():
        parameters = operation.get("parameters")
        for index, parameter in enumerate(parameters if isinstance(parameters, list) else ()):
            if isinstance(parameter, dict):
                yield join(pointer, "parameters", index, "schema"), parameter.get("schema")
        for where, media in media_types(operation, pointer):
            if isinstance(media, dict):
                yield join(where, "schema"), media.get("schema")


def all_schemas(spec: Spec) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema in the document, nested ones included."""
    for pointer, schema in root_schemas(spec):
        yield from walk_schemas(schema, pointer)


def media_types(operation: Mapping[str, Any], pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    body = operation.get("requestBody")
    if isinstance(body, dict) and isinstance(body.get("content"), dict):
        for media_type, media in body["content"].items():
            yield join(pointer, "requestBody", "content", media_type), media
    responses = operation.get("responses")
    for status, response in responses.items() if isinstance(responses, dict) else ():
        if isinstance(response, dict) and isinstance(response.get("content"), dict):
            for media_type, media in response["content"].items():
                yield join(pointer, "responses", status, "content", media_type), media
