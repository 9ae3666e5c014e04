"""House rules on the words a schema is written in: its keywords, its types and its formats.

OpenAPI 3.1 lets a schema carry any keyword and any format, so a typo (``maxLenght``,
``type: strin``, ``format: datetime``) passes every validator and is silently ignored, or
crashes the one that meets it. These rules name each one where it was written.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Iterator
from typing import Any

from sequence_toolkit.spec import join

from .bundle import Bundle
from .schemawalk import all_schemas, root_schemas

Finding = tuple[str, str]

#: JSON Schema 2020-12 (core, applicator, unevaluated, validation, format, content, meta-data)
#: and the OpenAPI 3.1 additions; ``nullable`` has its own rule
SCHEMA_KEYWORDS = frozenset(
    [
        "$schema",
        "$id",
        "$ref",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "$comment",
        "$defs",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "prefixItems",
        "items",
        "contains",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "type",
        "enum",
        "const",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "title",
        "description",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "examples",
        "discriminator",
        "xml",
        "externalDocs",
        "example",
        "nullable",
    ]
)
TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
#: the formats of JSON Schema 2020-12 and of the OpenAPI format registry's core set
FORMATS = frozenset(
    [
        "date-time",
        "date",
        "time",
        "duration",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "uuid",
        "uri-template",
        "json-pointer",
        "relative-json-pointer",
        "regex",
        "int32",
        "int64",
        "float",
        "double",
        "password",
        "byte",
        "binary",
    ]
)


def _suggest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def schema_keywords(b: Bundle) -> Iterator[Finding]:
    """Every key of a schema is a JSON Schema or OpenAPI keyword, or an ``x-`` extension."""
    for pointer, schema in all_schemas(b.spec):
        for key in schema:
            if isinstance(key, str) and not key.startswith("x-") and key not in SCHEMA_KEYWORDS:
                yield (
                    join(pointer, key),
                    f"unknown schema keyword {key!r}{_suggest(key, SCHEMA_KEYWORDS)} (extensions start with x-)",
                )


def schema_types(b: Bundle) -> Iterator[Finding]:
    """``type`` is one of the seven JSON types (or a list of them); ``format`` a known format."""
    for pointer, schema in all_schemas(b.spec):
        if "type" in schema:
            value: Any = schema["type"]
            names = value if isinstance(value, list) else [value]
            for index, name in enumerate(names):
                if name not in TYPES:
                    where = join(pointer, "type", index) if isinstance(value, list) else join(pointer, "type")
                    expected = ", ".join(TYPES)
                    yield where, f"unknown type {name!r}{_suggest(str(name), TYPES)}; expected one of {expected}"
        if "format" in schema and schema["format"] not in FORMATS:
            fmt = schema["format"]
            yield join(pointer, "format"), f"unknown format {fmt!r}{_suggest(str(fmt), FORMATS)}"


def required_defined(b: Bundle) -> Iterator[Finding]:
    """An object schema requires only properties it defines (a removed field leaves no requirement behind)."""
    for pointer, schema in all_schemas(b.spec):
        required, properties = schema.get("required"), schema.get("properties")
        if not isinstance(required, list) or not isinstance(properties, dict):
            continue
        if any(key in schema for key in ("allOf", "anyOf", "oneOf", "$ref", "additionalProperties")):
            continue  # the property may be defined elsewhere
        for index, name in enumerate(required):
            if name not in properties:
                yield join(pointer, "required", index), f"requires {name!r}, which its properties do not define"


@functools.cache
def _meta_validators() -> tuple[Any, Any]:
    """The JSON Schema 2020-12 metaschema, twice: jsonschema-rs says at once whether a schema is valid;
    jsonschema says where and why when it is not."""
    import jsonschema
    import jsonschema_rs

    meta = jsonschema.Draft202012Validator.META_SCHEMA
    return jsonschema_rs.Draft202012Validator(meta), jsonschema.Draft202012Validator(meta)


def _valid_at_once(fast: Any, schema: Any) -> bool:
    """jsonschema-rs's verdict; False, for jsonschema to judge, on a value it cannot read and raises on
    (YAML's keys that are not strings, ``1:`` or ``yes:``; a date; bytes), as jsonschema judged them before."""
    try:
        return bool(fast.is_valid(schema))
    except Exception:  # ValueError ("Dict key must be str", "Unsupported type"), mostly
        return False


def schemas_valid(b: Bundle) -> Iterator[Finding]:
    """Every schema is a JSON Schema: keyword values of the right kind (``minLength: 3``, not ``"3"``).
    An unknown type is the schema-type rule's to name.

    A schema jsonschema-rs finds valid is not read again by jsonschema, which is about 200 times slower (the
    difference between ~0.08 s and ~0.4 ms a run). That trusts jsonschema-rs's "valid": no schema YAML can
    write is known that it finds valid and jsonschema does not (they differ the other way, on ``.inf`` or
    ``"a\\n"`` for an anchor, which jsonschema then reads and passes; tests/toolchain/test_spec_errors.py
    holds the cases). Nothing else would catch such a schema: openapi-spec-validator does not check the
    schemas of headers or request bodies against the metaschema.
    """
    fast, precise = _meta_validators()
    for pointer, schema in root_schemas(b.spec):
        if schema is None or _valid_at_once(fast, schema):
            continue
        for error in precise.iter_errors(schema):
            path = list(error.absolute_path)
            if (path and path[-1] == "type") or (len(path) > 1 and path[-2] == "type"):
                continue
            yield join(pointer, *path), f"not a valid schema: {error.message}"
