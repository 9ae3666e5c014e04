"""Closed responses (``x-sequence-closed-responses: true`` on the root): a response carries only the
properties its schema documents. Used on live responses by the contract kit and on the spec's own
response examples by the spec lint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .spec import Spec

CLOSED_EXTENSION = "x-sequence-closed-responses"

Path = tuple[str | int, ...]


def undocumented(spec: Spec, schema: Any, body: Any, where: Path = ()) -> tuple[Path, Any] | None:
    """The first property of ``body`` its ``schema`` does not document (through ``$ref``, ``allOf``,
    ``oneOf``/``anyOf`` variants and array items): its path and value; None when there is none or
    the spec's responses are not closed."""
    if spec.document.get(CLOSED_EXTENSION) is not True:
        return None
    schema = spec.deref(schema)
    if not isinstance(schema, Mapping):
        return None
    variants = [spec.deref(v) for v in [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])]]
    if isinstance(body, list):
        items = schema.get("items")
        return next((found for i, v in enumerate(body) if (found := undocumented(spec, items, v, (*where, i)))), None)
    if not isinstance(body, Mapping):
        return None
    properties = spec.properties(schema)
    for variant in variants:
        properties = {**spec.properties(variant), **properties}
    if not properties:
        return None  # a free-form object
    for name, value in body.items():
        if name not in properties:
            return (*where, name), value
        found = undocumented(spec, _branch(spec, properties[name], value), value, (*where, name))
        if found:
            return found
    return None


def _branch(spec: Spec, schema: Any, value: Any) -> Any:
    """The variant of a union a value is, when its ``type`` tag names one (else the union itself)."""
    schema = spec.deref(schema)
    if isinstance(schema, Mapping) and isinstance(value, Mapping):
        for variant in [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])]:
            tag = spec.properties(variant).get("type")
            if isinstance(tag, Mapping) and "const" in tag and tag["const"] == value.get("type"):
                return variant
    return schema


def dotted(path: Path) -> str:
    """``("data", 0, "id")`` -> ``.data[0].id``."""
    return "".join(f"[{token}]" if isinstance(token, int) else f".{token}" for token in path)
