"""What the kit's checks need to know from the bundled spec, read once: documented error codes and
their statuses, masked fields and their patterns, parameters and request bodies per operation."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

ERROR_CODE_SCHEMA = "ErrorCode"
ERROR_STATUSES_EXTENSION = "x-sequence-error-statuses"
MASKED_EXTENSION = "x-sequence-masked"


def resolve(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (the bundle has only ``#/components/...`` ones)."""
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _walk(node: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, Mapping):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@dataclass(frozen=True)
class OperationFacts:
    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    parameters: tuple[Mapping[str, Any], ...]
    body_schema: Mapping[str, Any] | None
    statuses: frozenset[str]

    def parameter(self, location: str, name: str) -> Mapping[str, Any] | None:
        return next((p for p in self.parameters if p["in"] == location and p["name"] == name), None)

    @property
    def paginated(self) -> bool:
        return self.parameter("query", "first") is not None and self.parameter("query", "after") is not None


@dataclass(frozen=True)
class SpecFacts:
    spec: Mapping[str, Any]
    error_statuses: Mapping[str, int]
    masked: Mapping[str, re.Pattern[str]]  # property name -> the pattern its value must match
    operations: Mapping[str, OperationFacts]

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> SpecFacts:
        schemas = spec.get("components", {}).get("schemas", {})
        error_statuses = dict(schemas.get(ERROR_CODE_SCHEMA, {}).get(ERROR_STATUSES_EXTENSION, {}))
        masked = {
            name: re.compile(prop.get("pattern", r"^•{4}[0-9]{4}$"))
            for node in _walk(schemas)
            for name, prop in (node.get("properties") or {}).items()
            if isinstance(prop, Mapping) and prop.get(MASKED_EXTENSION)
        }
        operations = {}
        for path, item in spec.get("paths", {}).items():
            for method, operation in item.items():
                if not isinstance(operation, Mapping) or "operationId" not in operation:
                    continue
                parameters = tuple(
                    resolve(spec, p) for p in [*item.get("parameters", []), *operation.get("parameters", [])]
                )
                body = resolve(spec, operation.get("requestBody"))
                body_schema = None
                if isinstance(body, Mapping):
                    body_schema = resolve(spec, body["content"]["application/json"]["schema"])
                operations[operation["operationId"]] = OperationFacts(
                    operation["operationId"],
                    method,
                    path,
                    tuple(operation.get("tags", [])),
                    parameters,
                    body_schema,
                    frozenset(operation.get("responses", {})),
                )
        return cls(spec, error_statuses, masked, operations)

    def by_label(self, label: str) -> OperationFacts | None:
        """The operation schemathesis calls ``GET /accounts/{id}``."""
        method, _, path = label.partition(" ")
        return next((o for o in self.operations.values() if (o.method.upper(), o.path) == (method, path)), None)


# --- checks on one response; used on the kit's own requests and, as schemathesis checks, on fuzzed ones ---


def error_envelope_problem(facts: SpecFacts, status: int, body: Any) -> str | None:
    """An error status must carry ``{"error": {"code", "message"}}`` with a code documented for that status."""
    if status < 400:
        return None
    error = body.get("error") if isinstance(body, Mapping) else None
    if not isinstance(error, Mapping) or not isinstance(error.get("code"), str):
        return (
            f"a {status} response must carry the error envelope {{'error': {{'code', 'message'}}}}; got {body!r:.200}"
        )
    if not isinstance(error.get("message"), str):
        return f"the error envelope of a {status} response has no string `message`"
    code = error["code"]
    if code not in facts.error_statuses:
        return f"error code {code!r} is not one of the documented codes {sorted(facts.error_statuses)}"
    if facts.error_statuses[code] != status:
        return f"error code {code!r} is documented for status {facts.error_statuses[code]}, but came with {status}"
    return None


def request_id_problem(sent: str | None, header: str | None, body: Any) -> str | None:
    """``X-Request-ID`` comes back in the header and in the body's ``request_id``: the one sent, or a new one."""
    in_body = body.get("request_id") if isinstance(body, Mapping) else None
    if not header:
        return "the response has no X-Request-ID header"
    if sent is not None and header != sent:
        return f"X-Request-ID {sent!r} was sent but {header!r} came back"
    if in_body != header:
        return f"the body's request_id {in_body!r} differs from the X-Request-ID header {header!r}"
    return None


def masked_problem(facts: SpecFacts, body: Any) -> str | None:
    """Masked fields never carry more than their last four digits."""
    for node in _walk(body):
        for name, pattern in facts.masked.items():
            value = node.get(name)
            if isinstance(value, str) and not pattern.fullmatch(value):
                return f"masked field {name!r} is {value!r}; it must match {pattern.pattern} (last four digits only)"
    return None
