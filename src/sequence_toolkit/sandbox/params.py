"""Check a request's query and header parameters against the spec's definitions.

Built once from the bundled spec: each operation's parameters with their (resolved)
schemas. A bad value raises :class:`InvalidParameter` naming the parameter, which
the server answers with 400 ``invalid_parameters``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..spec import HTTP_METHODS, deref


class InvalidParameter(ValueError):
    pass


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # query, header, path
    required: bool
    schema: Mapping[str, Any]

    def coerce(self, raw: str) -> Any:
        """The typed value of ``raw``; raises InvalidParameter with a message naming the parameter."""
        schema, label = self.schema, f"{self.location} parameter {self.name!r}"
        if schema.get("type") == "integer":
            if not re.fullmatch(r"-?[0-9]{1,18}", raw):
                raise InvalidParameter(f"{label} must be an integer, got {raw!r}")
            value: Any = int(raw)
            low, high = schema.get("minimum"), schema.get("maximum")
            if (low is not None and value < low) or (high is not None and value > high):
                raise InvalidParameter(f"{label} must be an integer from {low} to {high}, got {raw}")
            return value
        if "enum" in schema and raw not in schema["enum"]:
            raise InvalidParameter(f"{label} must be one of {', '.join(map(str, schema['enum']))}, got {raw!r}")
        if len(raw) < schema.get("minLength", 0):
            raise InvalidParameter(f"{label} must not be empty")
        if "maxLength" in schema and len(raw) > schema["maxLength"]:
            raise InvalidParameter(f"{label} must be at most {schema['maxLength']} characters")
        if "pattern" in schema and not re.search(schema["pattern"], raw):
            raise InvalidParameter(f"{label} must match {schema['pattern']}")
        if schema.get("format") == "date-time":
            try:
                parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                raise InvalidParameter(f"{label} must be an ISO 8601 date-time, got {raw!r}") from None
            if parsed.tzinfo is None:
                raise InvalidParameter(f"{label} must carry a time zone (e.g. Z), got {raw!r}")
            try:  # it is compared in UTC: it must stay within years 1 to 9999 there
                parsed.astimezone(UTC)
            except OverflowError:
                raise InvalidParameter(f"{label} is out of range in UTC, got {raw!r}") from None
            return parsed
        if schema.get("format") == "uuid":
            try:
                uuid.UUID(raw)
            except ValueError:
                raise InvalidParameter(f"{label} must be a UUID, got {raw!r}") from None
        return raw


def operation_parameters(document: Mapping[str, Any]) -> dict[str, dict[tuple[str, str], Parameter]]:
    """operationId -> {(location, lowercased-if-header name): Parameter}."""
    found: dict[str, dict[tuple[str, str], Parameter]] = {}
    for item in (document.get("paths") or {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            params: dict[tuple[str, str], Parameter] = {}
            for raw in operation.get("parameters") or []:
                p = deref(document, raw)
                schema = deref(document, p.get("schema") or {})
                name = p["name"].lower() if p["in"] == "header" else p["name"]
                params[(p["in"], name)] = Parameter(p["name"], p["in"], bool(p.get("required")), schema)
            found[operation["operationId"]] = params
    return found


def single_value(values: Mapping[str, str], name: str, label: str) -> str | None:
    """The one value of ``name`` (None when absent); InvalidParameter when it comes more than once: which of two
    Idempotency-Keys, X-Request-IDs or account_id filters the client meant cannot be told (as with two
    Authorization headers)."""
    getlist = getattr(values, "getlist", None)  # starlette's Headers and QueryParams keep repeated names
    found = getlist(name) if getlist is not None else ([values[name]] if name in values else [])
    if len(found) > 1:
        raise InvalidParameter(f"{label} {name!r} must be given once, got {len(found)} values")
    return found[0] if found else None


def check_query(params: Mapping[tuple[str, str], Parameter], query: Mapping[str, str]) -> dict[str, Any]:
    """Typed query values, defaults filled in; raises InvalidParameter."""
    values: dict[str, Any] = {}
    for (location, name), parameter in params.items():
        if location != "query":
            continue
        raw = single_value(query, name, "query parameter")  # the spec's parameters are scalars: once each
        if raw is not None:
            values[name] = parameter.coerce(raw)
        elif parameter.required:
            raise InvalidParameter(f"query parameter {name!r} is required")
        elif "default" in parameter.schema:
            values[name] = parameter.schema["default"]
    return values


def check_header(params: Mapping[tuple[str, str], Parameter], headers: Mapping[str, str], name: str) -> Any:
    parameter = params.get(("header", name.lower()))
    if parameter is None:
        return None
    raw = single_value(headers, name.lower(), "header")
    if raw is None:
        return None
    return parameter.coerce(raw)
