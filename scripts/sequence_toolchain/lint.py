"""House rules for the split spec, beyond what OpenAPI itself requires.

Each rule is a plain function over the bundle yielding ``(bundle pointer, message)``;
the bundle's origins turn that pointer into the split file and line that hold it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
import referencing.jsonschema

from sequence_toolkit import permissions
from sequence_toolkit.closed import undocumented
from sequence_toolkit.spec import ERROR_CODE_SCHEMA, ERROR_STATUSES_EXTENSION, Spec, join, json_media, json_schema

from .bundle import Bundle, Problem
from .rules_schema import required_defined, schema_keywords, schema_types, schemas_valid
from .rules_scope import permission_ids, scope_consistency
from .schemawalk import all_schemas, example_pointer, media_types

Finding = tuple[str, str]  # (pointer in the bundle, message)
Rule = Callable[[Bundle], Iterator[Finding]]

ERROR_SCHEMA = "#/components/schemas/ErrorResponse"
AVAILABILITY_EXTENSION = "x-sequence-availability"
AVAILABILITIES = ("live", "coming_soon")
COMING_SOON_PREFIX = "Coming Soon"
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")
SCHEMA_TYPE_KEYS = ("type", "$ref", "oneOf", "anyOf", "allOf", "const", "enum")
MUTATING_METHODS = ("post", "put", "patch", "delete")
#: the fields of an OpenAPI operation object: a key outside these (and ``x-``) is unknown
OPERATION_FIELDS = frozenset(
    ["tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses",
     "callbacks", "deprecated", "security", "servers"]
)  # fmt: skip


# --- rules --------------------------------------------------------------------------


def component_unused(b: Bundle) -> Iterator[Finding]:
    """Every component is referenced somewhere (the security scheme, by name)."""
    for (kind, name), _ in b.tree.components.items():
        if kind == "securitySchemes" or (kind, name) in b.referenced:
            continue
        yield join("/components", kind, name), f"{kind} component {name!r} is never referenced; use it or remove it"


def _missing(pointer: str, operation: Mapping[str, Any], field: str, what: str) -> Finding:
    """An operation lacks ``field``: said at the key that misspells it when there is one (``operationid``,
    ``sumary``), so the one mistake is one line there rather than a second "has no ..." at the operation."""
    unknown = {key.lower(): key for key in operation if key not in OPERATION_FIELDS and not key.startswith("x-")}
    close = difflib.get_close_matches(field.lower(), list(unknown), n=1, cutoff=0.75)
    if close:
        key = unknown[close[0]]
        return join(pointer, key), f"unknown keyword {key!r} (did you mean {field!r}, required here?)"
    return pointer, f"{what} has no {field}"


def operation_id(b: Bundle) -> Iterator[Finding]:
    """Every operation has a unique lowerCamelCase operationId."""
    seen: dict[str, str] = {}
    for pointer, path, method, operation in b.spec.iter_operations():
        op_id = operation.get("operationId")
        if "operationId" not in operation:
            yield _missing(pointer, operation, "operationId", f"{method.upper()} {path}")
        elif not isinstance(op_id, str) or not op_id:
            yield pointer, f"{method.upper()} {path} has no operationId"
        elif not CAMEL_CASE.match(op_id):
            yield join(pointer, "operationId"), f"operationId {op_id!r} must be lowerCamelCase"
        elif op_id in seen:
            yield join(pointer, "operationId"), f"operationId {op_id!r} is also used by {seen[op_id]}"
        else:
            seen[op_id] = f"{method.upper()} {path}"


def operation_docs(b: Bundle) -> Iterator[Finding]:
    """Every operation has a summary, a description and a tag."""
    for pointer, path, method, operation in b.spec.iter_operations():
        for key in ("summary", "description"):
            if key not in operation:
                yield _missing(pointer, operation, key, f"{method.upper()} {path}")
            elif not isinstance(operation.get(key), str) or not operation[key].strip():
                yield pointer, f"{method.upper()} {path} has no {key}"
        if "tags" not in operation:
            yield _missing(pointer, operation, "tags", f"{method.upper()} {path}")
        elif not operation.get("tags"):
            yield pointer, f"{method.upper()} {path} has no tags"


def permission_model(b: Bundle) -> Iterator[Finding]:
    """The scope table parses; each operation names one known scope and a valid resource check."""
    _, errors = permissions.parse(b.document)
    for error in errors:
        yield error.pointer, error.message


def availability(b: Bundle) -> Iterator[Finding]:
    """Each operation says whether it is live; coming-soon ones say so in their description."""
    for pointer, _, _, operation in b.spec.iter_operations():
        value, description = operation.get(AVAILABILITY_EXTENSION), operation.get("description")
        if value not in AVAILABILITIES:
            yield pointer, f"{AVAILABILITY_EXTENSION} must be one of {', '.join(AVAILABILITIES)}, not {value!r}"
        # no description (or a misspelt one) is operation-docs' finding, not a second one here
        elif value == "coming_soon" and isinstance(description, str) and not description.startswith(COMING_SOON_PREFIX):
            yield (
                join(pointer, "description"),
                f"a coming_soon operation's description must start with {COMING_SOON_PREFIX!r}",
            )


def required_statuses(spec: Spec, operation: Mapping[str, Any]) -> dict[str, str]:
    """The error statuses an operation must document, with the reason."""
    params = spec.parameters(operation)
    needed = {"401": "every operation", "403": "every operation", "429": "every operation"}
    if params or operation.get("requestBody"):
        needed["400"] = "it takes parameters or a body"
    if any(p.location == "path" for p in params):
        needed["404"] = "it reads one resource by id"
    if any(p.location == "header" and p.name == "Idempotency-Key" for p in params):
        needed["409"] = "it takes Idempotency-Key"
    return needed


def error_responses(b: Bundle) -> Iterator[Finding]:
    """The standard error responses are documented, and every error response uses the error schema."""
    for pointer, _, _, operation in b.spec.iter_operations():
        responses = operation.get("responses") or {}
        for status, reason in required_statuses(b.spec, operation).items():
            if status not in responses:
                yield join(pointer, "responses"), f"missing the {status} response ({reason})"
        for status, response in responses.items():
            if not str(status).startswith(("4", "5")):
                continue
            schema = json_schema(b.spec.deref(response)) or {}
            if schema.get("$ref") != ERROR_SCHEMA:
                yield (
                    join(pointer, "responses", status),
                    f"the {status} response must use the error schema {ERROR_SCHEMA}",
                )


def conventions(b: Bundle) -> Iterator[Finding]:
    """X-Request-ID in and out, Idempotency-Key on mutations, cursor parameters on lists."""
    for pointer, _, method, operation in b.spec.iter_operations():
        names = {(p.location, p.name) for p in b.spec.parameters(operation)}
        if ("header", "X-Request-ID") not in names:
            yield join(pointer, "parameters"), "must take the X-Request-ID header parameter"
        if method in MUTATING_METHODS and ("header", "Idempotency-Key") not in names:
            yield join(pointer, "parameters"), f"a {method.upper()} must take the Idempotency-Key header parameter"
        for status, response in (operation.get("responses") or {}).items():
            resolved = b.spec.deref(response) or {}
            if "X-Request-ID" not in (resolved.get("headers") or {}):
                yield join(pointer, "responses", status), "must return the X-Request-ID header"
            schema = b.spec.deref(json_schema(resolved))
            is_page = isinstance(schema, dict) and "page_info" in (schema.get("properties") or {})
            if str(status).startswith("2") and is_page:
                for name in ("first", "after"):
                    if ("query", name) not in names:
                        yield join(pointer, "parameters"), f"a list operation must take the {name!r} cursor parameter"


def property_types(b: Bundle) -> Iterator[Finding]:
    """Every schema property says what it is and has a description."""
    for pointer, schema in all_schemas(b.spec):
        for name, prop in (schema.get("properties") or {}).items():
            where = join(pointer, "properties", name)
            if not isinstance(prop, dict) or not any(k in prop for k in SCHEMA_TYPE_KEYS):
                yield where, f"property {name!r} has no type (or $ref, oneOf, anyOf, allOf, enum, const)"
            if not isinstance(prop, dict) or not str(prop.get("description", "")).strip():
                yield where, f"property {name!r} has no description"


def snake_case(b: Bundle) -> Iterator[Finding]:
    """Property names and path/query parameter names are snake_case."""
    for pointer, schema in all_schemas(b.spec):
        for name in schema.get("properties") or {}:
            if not SNAKE_CASE.match(name):
                yield join(pointer, "properties", name), f"property {name!r} must be snake_case"
    for pointer, _, _, operation in b.spec.iter_operations():
        for parameter in b.spec.parameters(operation):
            if parameter.location in ("path", "query") and not SNAKE_CASE.match(parameter.name):
                yield (
                    join(pointer, "parameters"),
                    f"{parameter.location} parameter {parameter.name!r} must be snake_case",
                )


def no_nullable(b: Bundle) -> Iterator[Finding]:
    """No 3.0-style ``nullable``: write ``type: [..., "null"]`` (3.1)."""
    for pointer, schema in all_schemas(b.spec):
        if "nullable" in schema:
            yield (
                join(pointer, "nullable"),
                "`nullable` is OpenAPI 3.0; in 3.1 write type: [<type>, 'null'] or anyOf with {type: 'null'}",
            )


def discriminators(b: Bundle) -> Iterator[Finding]:
    """A discriminator maps each tag to one of its oneOf variants, whose property is that one value."""
    for pointer, schema in all_schemas(b.spec):
        disc = schema.get("discriminator")
        if not isinstance(disc, dict):
            continue
        prop = disc.get("propertyName")
        variants = [v.get("$ref") for v in schema.get("oneOf") or [] if isinstance(v, dict)]
        mapping = disc.get("mapping") or {}
        if sorted(map(str, mapping.values())) != sorted(map(str, variants)):
            yield join(pointer, "discriminator", "mapping"), "the mapping must name each oneOf variant exactly once"
        for tag, ref in mapping.items():
            variant = b.spec.deref({"$ref": ref})
            if not isinstance(variant, dict):
                continue
            values = ((variant.get("properties") or {}).get(prop) or {}).get("enum")
            if values != [tag] or prop not in (variant.get("required") or []):
                yield (
                    join(pointer, "discriminator", "mapping", tag),
                    f"variant {ref} must require {prop!r} with enum [{tag}]",
                )


def error_codes(b: Bundle) -> Iterator[Finding]:
    """ErrorCode is a closed lowercase set, each code mapped to one status; error examples agree.

    The rule checks the table as written: ``Spec.error_statuses``, which everything else reads, keeps
    only the enum's codes and so cannot show a code that is mapped but not listed.
    """
    pointer = join("/components/schemas", ERROR_CODE_SCHEMA)
    codes = b.spec.schemas.get(ERROR_CODE_SCHEMA) or {}
    enum = codes.get("enum") or []
    statuses = codes.get(ERROR_STATUSES_EXTENSION) or {}
    if not enum:
        yield pointer, "ErrorCode must list the error codes as an enum"
    for code in enum:
        if not SNAKE_CASE.match(str(code)):
            yield join(pointer, "enum"), f"error code {code!r} must be lowercase snake_case"
    if set(statuses) != set(enum):
        yield join(pointer, ERROR_STATUSES_EXTENSION), "must map exactly the enum's codes to their HTTP status"
    for op_pointer, _, _, operation in b.spec.iter_operations():
        for status, response in (operation.get("responses") or {}).items():
            if not str(status).startswith(("4", "5")):
                continue
            media = json_media(b.spec.deref(response)) or {}
            for name, example in (media.get("examples") or {}).items():
                value = (b.spec.deref(example) or {}).get("value") or {}
                error = value.get("error") if isinstance(value, dict) else None
                code = error.get("code") if isinstance(error, dict) else None
                if code in statuses and str(statuses[code]) != str(status):
                    yield (
                        example_pointer(example, join(op_pointer, "responses", status)),
                        f"example {name!r} has code {code!r}, which belongs to status {statuses[code]}, not {status}",
                    )


def examples_valid(b: Bundle) -> Iterator[Finding]:
    """Every example validates against the schema it illustrates; a response example (responses being
    closed) carries no property its schema does not define. Each is named at the value that is wrong."""
    document = b.document
    resource = referencing.jsonschema.DRAFT202012.create_resource(document)
    registry: referencing.Registry[Any] = referencing.Registry().with_resource("urn:spec", resource)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER

    def check(schema_pointer: str, value: Any, where: str, what: str, closed: bool = False) -> Iterator[Finding]:
        validator = jsonschema.Draft202012Validator(
            {"$ref": "urn:spec#" + schema_pointer}, registry=registry, format_checker=checker
        )
        try:
            error = jsonschema.exceptions.best_match(validator.iter_errors(value))
        except Exception:  # the schema itself is wrong: schema-valid, schema-type or a ref rule says where
            return
        if error is not None:
            at = "/" + "/".join(str(p) for p in error.absolute_path)
            yield join(where, *error.absolute_path), f"{what} does not match its schema at {at}: {error.message}"
            return
        extra = undocumented(b.spec, b.spec.resolve(schema_pointer), value) if closed else None
        if extra is not None:
            path, _ = extra
            yield (
                join(where, *path),
                f"{what} carries {'/' + '/'.join(map(str, path))}, which its schema does not define "
                "(responses are closed: x-sequence-closed-responses)",
            )

    for pointer, schema in all_schemas(b.spec):
        for index, value in enumerate(schema.get("examples") or []):
            yield from check(pointer, value, join(pointer, "examples", index), "example")
    components = document.get("components") or {}
    for kind in ("parameters", "headers"):
        for name, holder in (components.get(kind) or {}).items():
            if isinstance(holder, dict) and "example" in holder and "schema" in holder:
                where = join("/components", kind, name)
                yield from check(join(where, "schema"), holder["example"], join(where, "example"), "example")
    for where, media in _all_media(b):
        if isinstance(media, dict) and "schema" in media and isinstance(media.get("examples"), dict):
            closed = "/responses/" in where
            for name, example in media["examples"].items():
                resolved = b.spec.deref(example) or {}
                if isinstance(resolved, dict) and "value" in resolved:
                    at = join(example_pointer(example, join(where, "examples", name)), "value")
                    yield from check(join(where, "schema"), resolved["value"], at, f"example {name!r}", closed)


def _all_media(b: Bundle) -> Iterator[tuple[str, Any]]:
    """Every media type object: in operations, and in the shared responses they refer to."""
    for pointer, _, _, operation in b.spec.iter_operations():
        yield from media_types(operation, pointer)
    responses = (b.document.get("components") or {}).get("responses")
    for name, response in responses.items() if isinstance(responses, dict) else ():
        content = response.get("content") if isinstance(response, dict) else None
        for media_type, media in content.items() if isinstance(content, dict) else ():
            yield join("/components/responses", name, "content", media_type), media


LINT_RULES: dict[str, Rule] = {
    "component-unused": component_unused,
    "operation-id": operation_id,
    "operation-docs": operation_docs,
    "permission": permission_model,
    "availability": availability,
    "error-responses": error_responses,
    "conventions": conventions,
    "property-type": property_types,
    "snake-case": snake_case,
    "nullable": no_nullable,
    "discriminator": discriminators,
    "error-codes": error_codes,
    "example-invalid": examples_valid,
    "schema-keyword": schema_keywords,
    "schema-type": schema_types,
    "schema-required": required_defined,
    "schema-valid": schemas_valid,
    "scope": scope_consistency,
    "permission-ids": permission_ids,
}


def lint_bundle(b: Bundle) -> tuple[list[Problem], list[str]]:
    """The problems found, sorted by file and line, and the rules that failed to run (``rule: error``).

    A rule that trips over a malformed spec is not a finding of its own: the caller reports the
    failure only when nothing else explains it.
    """
    problems = [Problem(loc, rule, msg) for loc, rule, msg in b.tree.problems] + list(b.problems)
    failed: list[str] = []
    if b.problems:  # the rules read the bundle; with broken references they would only trip over them
        return sorted(set(problems), key=_order), failed
    for name, rule in LINT_RULES.items():
        try:
            problems.extend(Problem(b.locate(pointer), name, message) for pointer, message in rule(b))
        except Exception as exc:
            failed.append(f"lint rule {name!r} failed: {type(exc).__name__}: {exc}")
    return sorted(set(problems), key=_order), failed


def _order(p: Problem) -> tuple[str, int, str, str]:
    return (p.location.file, p.location.line or 0, p.rule, p.message)
