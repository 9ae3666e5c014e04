"""Request bodies: read as a stream up to a limit, parsed as strict JSON, checked against the spec's schema.

Nothing past :data:`MAX_BODY_BYTES` is read: a larger ``Content-Length`` is refused before the first byte,
a chunked body as soon as it passes the limit (the connection is then closed). JSON is parsed strictly:
no duplicate keys, no ``NaN``/``Infinity``. Types are the spec's, exactly: ``1.0`` and ``true`` are not
integers, ``"150"`` is not a number, ``null`` only where the schema allows it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import jsonschema
import jsonschema.protocols
import jsonschema.validators
import referencing
import referencing.jsonschema
from starlette.requests import ClientDisconnect, Request

from ..spec import Spec, join
from .errors import ApiError

MAX_BODY_BYTES = 64 * 1024
CLOSE = {"Connection": "close"}  # the rest of a refused body is never read: the connection cannot be reused


def _strict_integer(_checker: Any, value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


StrictValidator = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer),
)


def body_validators(spec: Spec) -> dict[str, jsonschema.protocols.Validator]:
    """A strict JSON-schema validator for each operation's request body, resolving references within the spec."""
    uri = "urn:sequence-spec"
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        uri, referencing.Resource.from_contents(dict(spec.document), referencing.jsonschema.DRAFT202012)
    )
    validators: dict[str, jsonschema.protocols.Validator] = {}
    for operation in spec.operations.values():
        if operation.body_schema is not None:
            pointer = join(operation.pointer, "requestBody", "content", "application/json", "schema")
            validators[operation.operation_id] = StrictValidator({"$ref": f"{uri}#{pointer}"}, registry=registry)
    return validators


def body_required(spec: Spec) -> dict[str, bool]:
    """operationId -> whether its request body is required (operations with a body only)."""
    return {
        op.operation_id: bool(op.raw.get("requestBody", {}).get("required"))
        for op in spec.operations.values()
        if op.body_schema is not None
    }


def too_large() -> ApiError:
    return ApiError(400, "invalid_parameters", f"the body is larger than {MAX_BODY_BYTES} bytes", CLOSE)


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, read chunk by chunk; refused once it passes ``limit`` (unread past it).

    Raises ApiError (400, closing the connection) for a body too large or a malformed Content-Length;
    ClientDisconnect when the client goes away."""
    lengths = request.headers.getlist("content-length")
    if lengths:
        if len(set(lengths)) > 1 or not lengths[0].strip().isdigit() or not lengths[0].strip().isascii():
            raise ApiError(400, "invalid_parameters", "header 'Content-Length' must be one whole number", CLOSE)
        if int(lengths[0]) > limit:
            raise too_large()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise ApiError(400, "invalid_parameters", f"body field '{key}' appears more than once")
        document[key] = value
    return document


def _no_constant(name: str) -> Any:
    raise ApiError(400, "invalid_parameters", f"the body is not valid JSON ({name} is not a JSON number)")


def parse_json(raw: bytes, headers: Mapping[str, str]) -> Any:
    """The JSON document of a non-empty body; ApiError 400 naming what is wrong."""
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(400, "invalid_parameters", "header 'Content-Type' must be application/json")
    try:
        text = raw.decode("utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400, "invalid_parameters", "the body is not valid JSON (UTF-8)") from None


def check_schema(validator: jsonschema.protocols.Validator | None, document: Any) -> None:
    """The spec's JSON schema, strictly; the first error names the field."""
    error = next(iter(validator.iter_errors(document)), None) if validator is not None else None
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "body"
        message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
        raise ApiError(400, "invalid_parameters", f"body field '{where}': {message}")


async def receive_json(
    request: Request, validator: jsonschema.protocols.Validator | None, required: bool, timeout: float
) -> Any:
    """Read, parse and check a request body; ``None`` when an optional body is absent.

    ``timeout`` bounds the whole read (a slow body is refused and its connection closed)."""
    try:
        async with asyncio.timeout(timeout):
            raw = await read_body(request)
    except TimeoutError:
        raise ApiError(400, "invalid_parameters", f"the body did not arrive within {timeout:g} s", CLOSE) from None
    if not raw:  # only an empty body is absent: white space alone is not JSON
        if required:
            raise ApiError(400, "invalid_parameters", "a JSON body is required")
        return None
    document = parse_json(raw, request.headers)
    check_schema(validator, document)
    return document


__all__ = ["MAX_BODY_BYTES", "ClientDisconnect", "body_required", "body_validators", "receive_json"]
