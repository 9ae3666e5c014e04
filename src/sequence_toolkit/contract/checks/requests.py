"""What every request carries: a request id, and a body the server validates before anything else."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from ...permissions import ManualTransferRule, PathParameter
from ..kit import Kit
from ..responses import request_id_problem


def request_id(kit: Kit, operation_id: str) -> None:
    """``X-Request-ID`` echoed in header and body; a generated one when absent, unique per request."""
    request = kit.request(operation_id)
    if request is None or request.method != "get":
        return
    sent = "req_contract_" + secrets.token_hex(8)
    seen: list[str] = []
    for authorization, header in (
        (kit.keys.full.authorization, sent),
        (kit.keys.full.authorization, None),
        (kit.keys.full.authorization, None),
        (None, sent),  # on an error response too
    ):
        response = kit.send(request, authorization, {"X-Request-ID": header} if header else None)
        kit.record.ran(operation_id, "request_id")
        problem = request_id_problem(header, response.headers.get("x-request-id"), kit.json(response))
        if problem:
            kit.fail("request_id", operation_id, problem, response)
        elif header is None:
            seen.append(response.headers["x-request-id"])
    if len(seen) == 2 and seen[0] == seen[1]:
        kit.fail("request_id", operation_id, f"two requests without X-Request-ID both got {seen[0]!r}")


def invalid_values(schema: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Values the property's schema forbids: another type, a bound crossed, a string too long."""
    types = schema.get("type")
    types = set(types) if isinstance(types, list) else {types}
    if "null" not in types:
        yield "null", None
    if "integer" in types or "number" in types:
        yield "a string", "150"
        yield "a boolean", True
        if "integer" in types:
            yield "a fraction", 1.5
        if isinstance(schema.get("minimum"), int | float):
            yield f"below the minimum {schema['minimum']}", schema["minimum"] - 1
        if isinstance(schema.get("maximum"), int | float):
            yield f"above the maximum {schema['maximum']}", schema["maximum"] + 1
    if "string" in types:
        yield "a number", 5
        if isinstance(schema.get("maxLength"), int):
            yield f"longer than {schema['maxLength']}", "x" * (schema["maxLength"] + 1)
        if schema.get("minLength", 0) >= 1:
            yield "empty", ""


def request_validation(kit: Kit, operation_id: str) -> None:
    """A body that breaks the schema in one field (the rest valid, on resources the key may use) → 400
    ``invalid_parameters``: the server validates every field before it decides anything else."""
    operation = kit.spec.operation(operation_id)
    schema = operation.body_schema
    if schema is None:
        return
    request, valid = _valid_body(kit, operation_id)
    if request is None:
        kit.record.gap(
            f"{operation_id}: no resource the full-access key may use with a valid body (for a rule:"
            " an enabled rule with a manual trigger), so no body to vary"
        )
        return
    properties = kit.spec.properties(schema)
    cases: list[tuple[str, Any]] = []
    for name, prop in properties.items():
        for what, value in invalid_values(kit.spec.deref(prop)):
            cases.append((f"`{name}` {what} ({value!r:.20})", {**valid, name: value}))
    for name in schema.get("required") or []:
        cases.append((f"without the required `{name}`", {k: v for k, v in valid.items() if k != name}))
    if schema.get("additionalProperties") is False or schema.get("unevaluatedProperties") is False:
        cases.append(("with an undeclared property", {**valid, "undeclared_property": 1}))
    for why, body in cases:
        response = kit.send(request, kit.keys.full.authorization, {"Idempotency-Key": str(uuid.uuid4())}, json=body)
        kit.expect("request_validation", response, operation_id, {400}, {"invalid_parameters"}, f"a body {why}")


def _valid_body(kit: Kit, operation_id: str) -> tuple[Any, dict[str, Any]]:
    check = kit.permission(operation_id).check
    if isinstance(check, ManualTransferRule):
        request = kit.request(operation_id)
        return request, dict(request.json) if request else {}
    if isinstance(check, PathParameter):  # a rule trigger: an enabled manual rule takes an amount
        rules = [r for r in kit.inventory.of("Rule") if r.get("status") == "enabled"]
        manual = next((r for r in rules if _trigger(kit, r).get("type") == "manual"), None)
        if manual:
            return kit.request(operation_id, resource=manual["id"]), {"manual_execute_amount": 100}
    return None, {}


def _trigger(kit: Kit, rule: dict[str, Any]) -> dict[str, Any]:
    """A rule's trigger. Listed rules are summaries without one: it is then read with getRule (full key)."""
    if "trigger" in rule or "getRule" not in kit.model.operations:
        trigger = rule.get("trigger")
    else:
        permission = kit.model.for_operation("getRule")
        parameter = permission.check.parameter if isinstance(permission.check, PathParameter) else "id"
        path = permission.path.replace("{" + parameter + "}", str(rule["id"]))
        response = kit.target.send(permission.method, path, authorization=kit.keys.full.authorization)
        kit.record.response("getRule", response.status_code)
        body = kit.json(response)
        trigger = (
            body.get("data", {}).get("trigger") if response.status_code == 200 and isinstance(body, dict) else None
        )
    return trigger if isinstance(trigger, dict) else {}
